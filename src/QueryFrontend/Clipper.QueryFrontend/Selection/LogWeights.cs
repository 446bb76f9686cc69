using System.Globalization;

namespace Clipper.QueryFrontend.Selection;

/// <summary>
/// The learned log-weights of an application's models (Exp3, Exp4), as the store keeps them: one number per model,
/// only ever added to, so every frontend's feedback adds up whatever the order.
/// </summary>
/// <remarks>
/// Only differences matter (<c>w_i = exp(log w_i)</c>, then normalized), so a snapshot is read relative to its
/// largest log-weight: the best model is at 0 and <c>exp</c> cannot overflow. A model far behind is held at
/// <see cref="Floor"/>: its weight, <c>e^-50 ≈ 2e-22</c>, never rounds to zero, and <see cref="ClampDelta"/> stops
/// its log-weight from sinking further, so a long losing streak is forgotten as soon as the others start losing,
/// instead of after as many wins.
/// </remarks>
internal static class LogWeights
{
    /// <summary>The lowest log-weight relative to the best model's.</summary>
    public const double Floor = -50;

    /// <summary>Each log-weight relative to the largest, at least <see cref="Floor"/>.</summary>
    /// <param name="logWeights">The stored log-weights, finite; at least one.</param>
    /// <param name="normalized">Receives the relative log-weights, each from <see cref="Floor"/> to 0.</param>
    /// <exception cref="ArgumentException">No log-weight, a log-weight that is not finite, or spans of different lengths.</exception>
    public static void Normalize(ReadOnlySpan<double> logWeights, Span<double> normalized)
    {
        if (logWeights.IsEmpty)
        {
            throw new ArgumentException("Expected the log-weight of at least one model, got none.", nameof(logWeights));
        }

        if (normalized.Length != logWeights.Length)
        {
            throw new ArgumentException($"Expected room for {logWeights.Length} normalized log-weights, got {normalized.Length}.", nameof(normalized));
        }

        var max = double.NegativeInfinity;
        for (var i = 0; i < logWeights.Length; i++)
        {
            if (!double.IsFinite(logWeights[i]))
            {
                throw new ArgumentException($"Log-weight {i} is {logWeights[i].ToString(CultureInfo.InvariantCulture)}; expected a finite number.", nameof(logWeights));
            }

            max = Math.Max(max, logWeights[i]);
        }

        for (var i = 0; i < logWeights.Length; i++)
        {
            normalized[i] = Math.Max(Floor, logWeights[i] - max);
        }
    }

    /// <summary>
    /// An update limited so that it does not take a model's log-weight below <see cref="Floor"/> (relative to the
    /// snapshot the update was computed from; frontends updating at once may overshoot it a little).
    /// </summary>
    /// <param name="delta">The update.</param>
    /// <param name="normalized">The model's relative log-weight in the snapshot, from <see cref="Floor"/> to 0.</param>
    /// <returns>The update to add.</returns>
    public static double ClampDelta(double delta, double normalized) => Math.Max(delta, Floor - normalized);

    /// <summary>Checks a loss given to an update.</summary>
    /// <param name="loss">The loss.</param>
    /// <exception cref="ArgumentOutOfRangeException">The loss is not from 0 to 1.</exception>
    public static void ValidateLoss(double loss)
    {
        if (!(loss >= 0 && loss <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(loss), loss, $"The loss is {loss.ToString(CultureInfo.InvariantCulture)}; expected a number from 0 to 1 (FeedbackLoss.Of).");
        }
    }
}
