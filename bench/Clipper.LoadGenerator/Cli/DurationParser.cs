using System.CommandLine.Parsing;
using System.Globalization;

namespace Clipper.LoadGenerator.Cli;

/// <summary>Reads durations such as <c>10s</c>, <c>500ms</c>, <c>2m</c>, <c>1.5h</c>, <c>250us</c>; a bare number is seconds.</summary>
internal static class DurationParser
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a non-negative number with a known unit.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        ReadOnlySpan<char> span = text.AsSpan().Trim();
        int unitStart = span.Length;
        while (unitStart > 0 && (char.IsAsciiLetter(span[unitStart - 1]) || span[unitStart - 1] == 'µ'))
        {
            unitStart--;
        }

        double scaleSeconds = span[unitStart..] switch
        {
            "" or "s" => 1,
            "ms" => 1e-3,
            "us" or "µs" => 1e-6,
            "m" or "min" => 60,
            "h" => 3600,
            _ => double.NaN,
        };
        if (double.IsNaN(scaleSeconds)
            || !double.TryParse(span[..unitStart], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || double.IsInfinity(value * scaleSeconds) || value * scaleSeconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scaleSeconds);
        return true;
    }

    /// <summary>A System.CommandLine custom parser for a duration of zero or more; its error names the option.</summary>
    public static TimeSpan Parse(ArgumentResult result) => Parse(result, allowZero: true);

    /// <summary>A System.CommandLine custom parser for a duration longer than zero.</summary>
    public static TimeSpan ParsePositive(ArgumentResult result) => Parse(result, allowZero: false);

    private static TimeSpan Parse(ArgumentResult result, bool allowZero)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        string option = result.Parent is OptionResult o ? o.Option.Name : "the duration";
        if (!TryParse(text, out TimeSpan duration))
        {
            result.AddError($"{option} must be a duration such as 10s, 500ms or 2m, got '{text}'");
        }
        else if (!allowZero && duration <= TimeSpan.Zero)
        {
            result.AddError($"{option} must be longer than zero, got '{text}'");
        }

        return duration;
    }
}
