using System.Globalization;

namespace Clipper.QueryFrontend.Selection;

/// <summary>
/// The Exp3 bandit over one snapshot of an application's learned log-weights (Clipper, NSDI'17 §5.1): each query goes
/// to one model, drawn with probability <c>p_i = (1 − γ)·w_i/Σw + γ/K</c>; the feedback on the chosen model's answer
/// lowers its log-weight by <c>η·loss/p_i</c>, the loss divided by the chance it had to be seen.
/// </summary>
/// <remarks>
/// Pure arithmetic, built once per snapshot of the stored state and shared by every query that reads it: the store
/// adds the updates (<see cref="LogWeightDelta"/>) and a new snapshot makes a new policy. Exploration keeps every
/// model at a probability of at least <c>γ/K</c>, so a model that got better is noticed again.
/// </remarks>
internal sealed class Exp3Policy
{
    /// <summary>The default exploration share γ: one query in ten is spread evenly over the models.</summary>
    public const double DefaultExploration = 0.1;

    /// <summary>The default learning rate η: how far one loss moves a log-weight (divided by the model's probability).</summary>
    public const double DefaultLearningRate = 0.1;

    private readonly double[] _normalized;
    private readonly double[] _probabilities;
    private readonly double _learningRate;

    /// <summary>Builds the policy over a snapshot.</summary>
    /// <param name="logWeights">Each model's stored log-weight (0 for a model without state), finite; at least one.</param>
    /// <param name="exploration">γ, from 0 (excluded) to 1.</param>
    /// <param name="learningRate">η, above 0.</param>
    /// <exception cref="ArgumentException">A log-weight or parameter out of its range.</exception>
    public Exp3Policy(ReadOnlySpan<double> logWeights, double exploration = DefaultExploration, double learningRate = DefaultLearningRate)
    {
        if (!(exploration > 0 && exploration <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(exploration), exploration, $"The exploration share γ is {exploration.ToString(CultureInfo.InvariantCulture)}; expected a number above 0 and at most 1.");
        }

        if (!(learningRate > 0 && double.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"The learning rate η is {learningRate.ToString(CultureInfo.InvariantCulture)}; expected a finite number above 0.");
        }

        _learningRate = learningRate;
        _normalized = new double[logWeights.Length];
        LogWeights.Normalize(logWeights, _normalized);
        _probabilities = new double[logWeights.Length];
        var total = 0.0;
        for (var i = 0; i < _normalized.Length; i++)
        {
            total += Math.Exp(_normalized[i]);
        }

        // The largest weight is exp(0) = 1, so total is at least 1.
        var even = exploration / _normalized.Length;
        for (var i = 0; i < _normalized.Length; i++)
        {
            _probabilities[i] = ((1 - exploration) * Math.Exp(_normalized[i]) / total) + even;
        }
    }

    /// <summary>How many models the policy chooses from.</summary>
    public int Count => _probabilities.Length;

    /// <summary>Each model's probability of being chosen; they add up to 1.</summary>
    public ReadOnlySpan<double> Probabilities => _probabilities;

    /// <summary>Draws a model.</summary>
    /// <param name="uniform01">A uniform random number from 0 to 1 (<see cref="Random.NextDouble"/>).</param>
    /// <returns>The chosen model's index.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="uniform01"/> is not from 0 to 1.</exception>
    public int Choose(double uniform01)
    {
        if (!(uniform01 >= 0 && uniform01 <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(uniform01), uniform01, $"The random number is {uniform01.ToString(CultureInfo.InvariantCulture)}; expected a number from 0 to 1.");
        }

        var cumulative = 0.0;
        for (var i = 0; i < _probabilities.Length - 1; i++)
        {
            cumulative += _probabilities[i];
            if (uniform01 < cumulative)
            {
                return i;
            }
        }

        // Rounding may leave the sum just under 1: what remains belongs to the last model.
        return _probabilities.Length - 1;
    }

    /// <summary>
    /// The change to the chosen model's log-weight for the loss of its answer, <c>−η·loss/p_i</c>, limited by
    /// <see cref="LogWeights.ClampDelta"/>. The other models do not change.
    /// </summary>
    /// <param name="arm">The model that answered.</param>
    /// <param name="loss">Its loss, from 0 to 1 (<see cref="FeedbackLoss.Of"/>).</param>
    /// <returns>What to add to its stored log-weight (0 or less).</returns>
    public double LogWeightDelta(int arm, double loss)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(arm);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(arm, Count);
        LogWeights.ValidateLoss(loss);
        return LogWeights.ClampDelta(-_learningRate * loss / _probabilities[arm], _normalized[arm]);
    }
}
