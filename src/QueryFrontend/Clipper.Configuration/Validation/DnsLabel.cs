using System.Diagnostics.CodeAnalysis;

namespace Clipper.Configuration.Validation;

/// <summary>DNS-1123 labels, the form Clipper (and Kubernetes) require for application names, model names and versions.</summary>
public static class DnsLabel
{
    /// <summary>The maximum length of a label.</summary>
    public const int MaxLength = 63;

    /// <summary>The pattern a label must match in full.</summary>
    public const string Pattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    /// <summary>Whether a value is a DNS-1123 label: 1 to 63 characters of <c>[a-z0-9-]</c>, starting and ending with <c>[a-z0-9]</c>.</summary>
    /// <param name="value">The value to check.</param>
    /// <returns><see langword="true"/> for a valid label.</returns>
    public static bool IsValid([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        if (value[0] == '-' || value[^1] == '-')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
