using System.Diagnostics.CodeAnalysis;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>Clipper's input type codes (0 bytes, 1 ints, 2 floats, 3 doubles, 4 strings), which differ from ours.</summary>
internal static class ClipperInputTypes
{
    /// <summary>The codes, worded for errors that say what was expected.</summary>
    public const string Expected = "0 (bytes), 1 (ints), 2 (floats), 3 (doubles) or 4 (strings)";

    /// <summary>The code a batch's input header carries for <paramref name="inputType"/>.</summary>
    public static ulong ToCode(InputType inputType) => inputType switch
    {
        InputType.Bytes => 0,
        InputType.Integers => 1,
        InputType.Floats => 2,
        InputType.Doubles => 3,
        InputType.Strings => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(inputType), inputType, "Expected a defined input type."),
    };

    /// <summary>Reads the input type of a container's metadata: the code as a decimal string (e.g. <c>"3"</c>).</summary>
    public static bool TryParse(string text, out InputType inputType, [NotNullWhen(false)] out string? error)
    {
        switch (text)
        {
            case "0":
                inputType = InputType.Bytes;
                break;
            case "1":
                inputType = InputType.Integers;
                break;
            case "2":
                inputType = InputType.Floats;
                break;
            case "3":
                inputType = InputType.Doubles;
                break;
            case "4":
                inputType = InputType.Strings;
                break;
            default:
                inputType = default;
                error = $"the container's input type is '{text}'; expected the decimal code {Expected}";
                return false;
        }

        error = null;
        return true;
    }
}
