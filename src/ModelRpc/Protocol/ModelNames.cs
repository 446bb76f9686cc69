using System.Diagnostics.CodeAnalysis;

namespace Clipper.ModelRpc.Protocol;

/// <summary>Validation of model names and versions, which Clipper requires to be DNS-1123 labels.</summary>
public static class ModelNames
{
    /// <summary>The longest valid label.</summary>
    public const int MaxLength = 63;

    /// <summary>The pattern a valid value matches in full.</summary>
    public const string Pattern = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    /// <summary>The rule, worded for error messages that say what was expected.</summary>
    public const string Rule =
        "a DNS-1123 label: 1 to 63 characters from a-z, 0-9 and '-', starting and ending with a letter or digit";

    /// <summary>Whether a value is a DNS-1123 label (<c>[a-z0-9]([-a-z0-9]*[a-z0-9])?</c>, at most 63 characters).</summary>
    /// <param name="value">The name or version to check.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
