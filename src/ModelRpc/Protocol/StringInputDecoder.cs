using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>Decodes a str into a string.</summary>
internal sealed class StringInputDecoder : InputDecoder<string>
{
    public StringInputDecoder()
        : base(InputType.Strings)
    {
    }

    internal override bool TryDecode(ref MessagePackReader reader, [MaybeNullWhen(false)] out string input, [NotNullWhen(false)] out string? error)
    {
        if (reader.End || reader.NextMessagePackType != MessagePackType.String)
        {
            input = null;
            error = ProtocolErrors.WrongType("input", "a str", ref reader);
            return false;
        }

        input = reader.ReadString()!;
        error = null;
        return true;
    }
}
