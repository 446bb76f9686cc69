using System.Globalization;

namespace Clipper.QueryFrontend;

/// <summary>The exceptions for settings out of range, built in one place so that each names the setting, the value received and what was expected.</summary>
internal static class OptionErrors
{
    /// <summary>An option or argument outside its range.</summary>
    /// <param name="name">The option or parameter name.</param>
    /// <param name="value">The value received.</param>
    /// <param name="expected">What was expected, as a phrase ("at least 1").</param>
    /// <returns>The exception to throw.</returns>
    public static ArgumentOutOfRangeException OutOfRange(string name, object value, string expected)
        => new(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} was {value}; expected {expected}."));
}
