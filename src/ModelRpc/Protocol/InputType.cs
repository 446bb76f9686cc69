namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// The type of every input of a model version. All inputs of one batch share it.
/// The numeric value is the code carried in a batch request frame.
/// </summary>
public enum InputType : byte
{
    /// <summary>Arrays of 32-bit signed integers (Clipper's <c>integers</c>).</summary>
    Integers = 1,

    /// <summary>Arrays of 32-bit IEEE floats (Clipper's <c>floats</c>).</summary>
    Floats = 2,

    /// <summary>Arrays of 64-bit IEEE floats (Clipper's <c>doubles</c>).</summary>
    Doubles = 3,

    /// <summary>Opaque byte strings, sent over HTTP as base64 (Clipper's <c>bytes</c>).</summary>
    Bytes = 4,

    /// <summary>UTF-8 text (Clipper's <c>strings</c>).</summary>
    Strings = 5,
}
