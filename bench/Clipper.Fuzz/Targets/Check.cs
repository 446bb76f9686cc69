using System.Runtime.CompilerServices;

namespace Clipper.Fuzz.Targets;

/// <summary>The invariants the targets assert beside "no exception escapes".</summary>
internal static class Check
{
    public static void That(bool condition, string what, [CallerArgumentExpression(nameof(condition))] string expression = "")
    {
        if (!condition)
        {
            throw new FuzzInvariantException($"{what} ({expression} is false)");
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new FuzzInvariantException($"{what}: expected {expected}, got {actual}");
        }
    }

    public static void SameEvents(IReadOnlyList<string> expected, IReadOnlyList<string> actual, string what)
    {
        int common = Math.Min(expected.Count, actual.Count);
        for (int i = 0; i < common; i++)
        {
            if (!string.Equals(expected[i], actual[i], StringComparison.Ordinal))
            {
                throw new FuzzInvariantException($"{what}: event {i} differs: expected '{expected[i]}', got '{actual[i]}'");
            }
        }

        if (expected.Count != actual.Count)
        {
            throw new FuzzInvariantException($"{what}: expected {expected.Count} events, got {actual.Count}");
        }
    }
}
