using System.Diagnostics.CodeAnalysis;

namespace Clipper.ModelRpc.Protocol;

/// <summary>Names, aliases and sizes of <see cref="InputType"/> values, as Clipper spells them.</summary>
public static class InputTypes
{
    /// <summary>Every accepted spelling, for error messages that say what was expected.</summary>
    public const string AcceptedNames =
        "bytes|byte|b, integers|ints|integer|int|i, floats|float|f, doubles|double|d, strings|string|str|strs|s";

    /// <summary>Parses a type name or one of Clipper's aliases (case-insensitive).</summary>
    /// <param name="name">The name, for example <c>doubles</c> or <c>d</c>.</param>
    /// <param name="inputType">The parsed type when the name is known.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out InputType inputType)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "bytes" or "byte" or "b":
                inputType = InputType.Bytes;
                return true;
            case "integers" or "ints" or "integer" or "int" or "i":
                inputType = InputType.Integers;
                return true;
            case "floats" or "float" or "f":
                inputType = InputType.Floats;
                return true;
            case "doubles" or "double" or "d":
                inputType = InputType.Doubles;
                return true;
            case "strings" or "string" or "str" or "strs" or "s":
                inputType = InputType.Strings;
                return true;
            default:
                inputType = default;
                return false;
        }
    }

    /// <summary>The canonical name of a type: <c>integers</c>, <c>floats</c>, <c>doubles</c>, <c>bytes</c> or <c>strings</c>.</summary>
    /// <param name="inputType">The type.</param>
    /// <returns>The canonical name.</returns>
    public static string ToName(this InputType inputType) => inputType switch
    {
        InputType.Integers => "integers",
        InputType.Floats => "floats",
        InputType.Doubles => "doubles",
        InputType.Bytes => "bytes",
        InputType.Strings => "strings",
        _ => throw new ArgumentOutOfRangeException(nameof(inputType), inputType, "Expected one of: " + AcceptedNames),
    };

    /// <summary>Whether a value is one of the defined input types.</summary>
    /// <param name="inputType">The value to check.</param>
    /// <returns><see langword="true"/> for a defined type.</returns>
    public static bool IsDefined(InputType inputType) => inputType is >= InputType.Integers and <= InputType.Strings;

    /// <summary>The size in bytes of one element of a numeric type; 1 for bytes and strings.</summary>
    /// <param name="inputType">The type.</param>
    /// <returns>4 for integers and floats, 8 for doubles, else 1.</returns>
    public static int ElementSize(this InputType inputType) => inputType switch
    {
        InputType.Integers or InputType.Floats => 4,
        InputType.Doubles => 8,
        _ => 1,
    };
}
