using System.Globalization;

namespace Clipper.Cli.Commands;

/// <summary>Durations on the command line: a number with a unit, <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>.</summary>
internal static class DurationFlag
{
    /// <summary>Parses <paramref name="text"/>; the error names the option, the value and the expected form.</summary>
    /// <exception cref="ArgumentException">Not a non-negative number with one of the units.</exception>
    public static TimeSpan Parse(string text, string option)
    {
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && value >= 0 && double.IsFinite(value))
            {
                return TimeSpan.FromSeconds(value * seconds);
            }
        }

        throw new ArgumentException($"{option} '{text}' is not a duration; expected a non-negative number and a unit, such as 500ms, 10s, 2m or 1h.");
    }
}
