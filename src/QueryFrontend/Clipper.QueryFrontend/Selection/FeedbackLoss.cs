using System.Globalization;

namespace Clipper.QueryFrontend.Selection;

/// <summary>
/// How wrong a model's output was, given the label of Clipper's feedback (<c>POST /{app}/update</c>
/// <c>{"uid": ..., "input": ..., "label": 1.0}</c>): a loss between 0 (right) and 1 (wrong), which the Exp3 and
/// Exp4 policies learn from.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A numeric output (<see cref="OutputValue"/>: a JSON number, or a JSON string holding one) loses
/// <c>min(1, |label − value|)</c>: a classifier's right label loses 0 and any wrong one 1; a regression loses its
/// absolute error, capped at 1 so that one wild answer cannot outweigh many good ones. An output written as the
/// label's text (<c>"1"</c> or <c>1</c> for the label 1.0) is numeric, so it loses 0.</item>
/// <item>Any other output (<c>"cat"</c>, <c>[1,2]</c>, text that is not JSON) loses 1: its text cannot equal the
/// text of a number, since that text would be numeric.</item>
/// </list>
/// </remarks>
internal static class FeedbackLoss
{
    /// <summary>The loss of one output.</summary>
    /// <param name="output">The model's output as UTF-8.</param>
    /// <param name="label">The feedback's label.</param>
    /// <returns>The loss, from 0 to 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not a finite number.</exception>
    public static double Of(ReadOnlySpan<byte> output, double label)
    {
        if (!double.IsFinite(label))
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"The feedback label is {label.ToString(CultureInfo.InvariantCulture)}; expected a finite number.");
        }

        if (!OutputValue.TryGetNumber(output, out var value))
        {
            return 1;
        }

        // Both are finite, but their difference may not be (1e308 - -1e308).
        var error = Math.Abs(label - value);
        return double.IsFinite(error) ? Math.Min(1, error) : 1;
    }
}
