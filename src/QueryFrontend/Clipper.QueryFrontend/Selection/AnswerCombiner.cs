using System.Buffers;
using System.Globalization;

namespace Clipper.QueryFrontend.Selection;

/// <summary>
/// Combines the outputs of an application's models into one answer (the ensemble and Exp4 policies): the weighted
/// mean when every output that arrived is numeric (<see cref="OutputValue"/>), else a weighted vote on the outputs'
/// exact bytes.
/// </summary>
/// <remarks>
/// Weights are relative: only those of the outputs that arrived count, and when they add up to zero every arrived
/// output counts equally. A vote tie goes to the output that appears first. The mean is written in its shortest
/// round-trip form (<c>"R"</c>, invariant culture), so <c>1.0</c> and <c>1</c> both answer <c>1</c>.
/// </remarks>
internal static class AnswerCombiner
{
    // Up to this many outputs, the vote's scratch is on the stack; more (rare) is rented.
    private const int MaxStackOutputs = 32;

    // "-1.7976931348623157E+308" is the longest shortest form of a double: 24 bytes.
    private const int MaxNumberBytes = 32;

    /// <summary>Combines the outputs.</summary>
    /// <param name="outputs">
    /// Each model's output as UTF-8; null when it did not arrive (an empty output arrived: beware <c>x ? bytes : null</c>,
    /// whose null becomes an empty output through the conversion from <c>byte[]</c>).
    /// </param>
    /// <param name="weights">Each model's weight, finite and at least 0, in the order of <paramref name="outputs"/>.</param>
    /// <param name="used">Receives, for each output, whether it made the answer.</param>
    /// <returns>The answer; without output when none arrived.</returns>
    /// <exception cref="ArgumentException">The spans differ in length, or a weight is negative or not finite.</exception>
    public static CombinedAnswer Combine(ReadOnlySpan<ReadOnlyMemory<byte>?> outputs, ReadOnlySpan<double> weights, Span<bool> used)
    {
        Validate(outputs.Length, weights, used.Length);
        used.Clear();
        var arrived = 0;
        var allNumeric = true;
        var totalWeight = 0.0;
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] is { } output)
            {
                arrived++;
                totalWeight += weights[i];
                allNumeric = allNumeric && OutputValue.TryGetNumber(output.Span, out _);
            }
        }

        if (arrived == 0)
        {
            return default;
        }

        var equalWeights = totalWeight <= 0;
        if (allNumeric && TryMean(outputs, weights, equalWeights ? arrived : totalWeight, equalWeights, out var mean))
        {
            for (var i = 0; i < outputs.Length; i++)
            {
                used[i] = outputs[i].HasValue;
            }

            return new CombinedAnswer(mean, isMean: true, arrived);
        }

        return Vote(outputs, weights, equalWeights, used);
    }

    private static void Validate(int count, ReadOnlySpan<double> weights, int usedLength)
    {
        if (weights.Length != count)
        {
            throw new ArgumentException($"Expected one weight per output ({count}), got {weights.Length}.", nameof(weights));
        }

        if (usedLength != count)
        {
            throw new ArgumentException($"Expected one 'used' flag per output ({count}), got {usedLength}.", "used");
        }

        for (var i = 0; i < weights.Length; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weights[i], $"Weight {i} is {weights[i].ToString(CultureInfo.InvariantCulture)}; expected a finite number of at least 0.");
            }
        }
    }

    /// <summary>The weighted mean as a JSON number; false when it is not finite (values near a double's limits).</summary>
    private static bool TryMean(ReadOnlySpan<ReadOnlyMemory<byte>?> outputs, ReadOnlySpan<double> weights, double totalWeight, bool equalWeights, out byte[] mean)
    {
        var sum = 0.0;
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] is { } output)
            {
                OutputValue.TryGetNumber(output.Span, out var value);

                // Shares below 1 keep the partial sums within the values' range, so they cannot overflow.
                sum += (equalWeights ? 1 : weights[i]) / totalWeight * value;
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }

        // The mean lies between the smallest and largest value; clamping undoes rounding past them, so that models
        // that agree (0.7, 0.7, 0.7) answer their value exactly rather than 0.7000000000000001.
        var result = Math.Clamp(sum, min, max);
        Span<byte> text = stackalloc byte[MaxNumberBytes];
        if (!double.IsFinite(result) || !result.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture))
        {
            mean = [];
            return false;
        }

        mean = text[..written].ToArray();
        return true;
    }

    private static CombinedAnswer Vote(ReadOnlySpan<ReadOnlyMemory<byte>?> outputs, ReadOnlySpan<double> weights, bool equalWeights, Span<bool> used)
    {
        var n = outputs.Length;
        double[]? rented = null;
        var scores = n <= MaxStackOutputs ? stackalloc double[n] : (rented = ArrayPool<double>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            // Each output's weight goes to the first output with the same bytes; -1 marks outputs that are no group's first.
            scores.Fill(-1);
            for (var i = 0; i < n; i++)
            {
                if (outputs[i] is { } output)
                {
                    var first = FirstEqual(outputs, i, output.Span);
                    if (first == i)
                    {
                        scores[i] = 0;
                    }

                    scores[first] += equalWeights ? 1 : weights[i];
                }
            }

            // Strictly greater: a tie goes to the earliest group.
            var winner = 0;
            for (var i = 1; i < n; i++)
            {
                if (scores[i] > scores[winner])
                {
                    winner = i;
                }
            }

            var winning = outputs[winner]!.Value.Span;
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                if (outputs[i] is { } output && output.Span.SequenceEqual(winning))
                {
                    used[i] = true;
                    count++;
                }
            }

            return new CombinedAnswer(winning.ToArray(), isMean: false, count);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    private static int FirstEqual(ReadOnlySpan<ReadOnlyMemory<byte>?> outputs, int index, ReadOnlySpan<byte> output)
    {
        for (var j = 0; j < index; j++)
        {
            if (outputs[j] is { } earlier && earlier.Span.SequenceEqual(output))
            {
                return j;
            }
        }

        return index;
    }
}
