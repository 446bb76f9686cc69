using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>Decodes a bin into a new byte array.</summary>
internal sealed class BytesInputDecoder : InputDecoder<byte[]>
{
    public BytesInputDecoder()
        : base(InputType.Bytes)
    {
    }

    internal override bool TryDecode(ref MessagePackReader reader, [MaybeNullWhen(false)] out byte[] input, [NotNullWhen(false)] out string? error)
    {
        if (reader.End || reader.NextMessagePackType != MessagePackType.Binary)
        {
            input = null;
            error = ProtocolErrors.WrongType("input", "a bin", ref reader);
            return false;
        }

        input = reader.ReadBytes()!.Value.ToArray();
        error = null;
        return true;
    }
}
