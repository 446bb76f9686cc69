using System.Buffers;
using MessagePack;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>A BatchRequest as the container received it: its id and its inputs' bytes.</summary>
internal sealed record SentBatch(ulong BatchId, int InputTypeCode, IReadOnlyList<byte[]> Inputs)
{
    public static SentBatch Parse(byte[] body)
    {
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(body));
        Assert.Equal(3, reader.ReadArrayHeader());
        var batchId = reader.ReadUInt64();
        var code = reader.ReadInt32();
        var count = reader.ReadArrayHeader();
        var inputs = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            inputs.Add(reader.NextMessagePackType == MessagePackType.String
                ? reader.ReadStringSequence()!.Value.ToArray()
                : reader.ReadBytes()!.Value.ToArray());
        }

        return new SentBatch(batchId, code, inputs);
    }

    /// <summary>The first double of each input.</summary>
    public double[] FirstValues => [.. Inputs.Select(i => BitConverter.ToDouble(i, 0))];
}
