using System.Globalization;

namespace Clipper.QueryFrontend.Selection;

/// <summary>
/// The Exp4 ensemble over one snapshot of an application's learned log-weights (Clipper, NSDI'17 §5.1): every model
/// answers, and the answers are combined (<see cref="AnswerCombiner"/>) with weights <c>w_i = exp(log w_i)</c>,
/// normalized; the feedback on a query lowers each model's log-weight by <c>η·loss_i</c>, its own answer's loss.
/// </summary>
/// <remarks>Built once per snapshot of the stored state; the store adds the updates and a new snapshot makes a new policy.</remarks>
internal sealed class Exp4Policy
{
    /// <summary>The default learning rate η: a wrong answer divides the model's weight by <c>e^0.1 ≈ 1.105</c>.</summary>
    public const double DefaultLearningRate = 0.1;

    private readonly double[] _normalized;
    private readonly double[] _weights;
    private readonly double _learningRate;

    /// <summary>Builds the policy over a snapshot.</summary>
    /// <param name="logWeights">Each model's stored log-weight (0 for a model without state), finite; at least one.</param>
    /// <param name="learningRate">η, above 0.</param>
    /// <exception cref="ArgumentException">A log-weight or the learning rate out of its range.</exception>
    public Exp4Policy(ReadOnlySpan<double> logWeights, double learningRate = DefaultLearningRate)
    {
        if (!(learningRate > 0 && double.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"The learning rate η is {learningRate.ToString(CultureInfo.InvariantCulture)}; expected a finite number above 0.");
        }

        _learningRate = learningRate;
        _normalized = new double[logWeights.Length];
        LogWeights.Normalize(logWeights, _normalized);
        _weights = new double[logWeights.Length];
        var total = 0.0;
        for (var i = 0; i < _normalized.Length; i++)
        {
            _weights[i] = Math.Exp(_normalized[i]);
            total += _weights[i];
        }

        for (var i = 0; i < _weights.Length; i++)
        {
            _weights[i] /= total;
        }
    }

    /// <summary>How many models the policy combines.</summary>
    public int Count => _weights.Length;

    /// <summary>Each model's weight in the combined answer; they add up to 1, and none is 0.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>The change to one model's log-weight for its answer's loss, <c>−η·loss</c>, limited by <see cref="LogWeights.ClampDelta"/>.</summary>
    /// <param name="arm">The model.</param>
    /// <param name="loss">Its loss, from 0 to 1 (<see cref="FeedbackLoss.Of"/>).</param>
    /// <returns>What to add to its stored log-weight (0 or less).</returns>
    public double LogWeightDelta(int arm, double loss)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(arm);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(arm, Count);
        LogWeights.ValidateLoss(loss);
        return LogWeights.ClampDelta(-_learningRate * loss, _normalized[arm]);
    }

    /// <summary>The change to every model's log-weight for the losses of their answers to one query.</summary>
    /// <param name="losses">Each model's loss, from 0 to 1; NaN for a model whose answer is unknown (it does not change).</param>
    /// <param name="deltas">Receives what to add to each stored log-weight.</param>
    /// <exception cref="ArgumentException">The spans' lengths differ from <see cref="Count"/>, or a loss is out of range.</exception>
    public void LogWeightDeltas(ReadOnlySpan<double> losses, Span<double> deltas)
    {
        if (losses.Length != Count || deltas.Length != Count)
        {
            throw new ArgumentException($"Expected one loss and one delta per model ({Count}), got {losses.Length} and {deltas.Length}.", nameof(losses));
        }

        for (var i = 0; i < losses.Length; i++)
        {
            deltas[i] = double.IsNaN(losses[i]) ? 0 : LogWeightDelta(i, losses[i]);
        }
    }
}
