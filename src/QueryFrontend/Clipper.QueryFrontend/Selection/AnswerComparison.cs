namespace Clipper.QueryFrontend.Selection;

/// <summary>
/// Whether two models' answers to one input agree (a shadow's against the answer returned): numbers within a relative
/// 1e-6 of each other (<see cref="OutputValue"/>), anything else byte for byte.
/// </summary>
internal static class AnswerComparison
{
    private const double RelativeTolerance = 1e-6;

    public static bool Agree(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (OutputValue.TryGetNumber(expected, out var a) && OutputValue.TryGetNumber(actual, out var b))
        {
            return Math.Abs(a - b) <= RelativeTolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
        }

        return expected.SequenceEqual(actual);
    }
}
