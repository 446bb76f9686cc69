using System.Buffers;
using MessagePack;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>
/// A BatchRequest as the container received it: its id, its inputs' bytes and (version 3) its trace context, null for
/// nil; <see cref="Fields"/> tells the shape, 3 elements in version 2 and 4 in version 3.
/// </summary>
internal sealed record SentBatch(ulong BatchId, int InputTypeCode, IReadOnlyList<byte[]> Inputs, int Fields = 3, string? TraceContext = null)
{
    public static SentBatch Parse(byte[] body)
    {
        var reader = new MessagePackReader(new ReadOnlySequence<byte>(body));
        var fields = reader.ReadArrayHeader();
        Assert.InRange(fields, 3, 4);
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

        string? traceContext = null;
        if (fields == 4 && !reader.TryReadNil())
        {
            traceContext = reader.ReadString();
        }

        Assert.True(reader.End, "the BatchRequest holds bytes after its last element");
        return new SentBatch(batchId, code, inputs, fields, traceContext);
    }

    /// <summary>The first double of each input.</summary>
    public double[] FirstValues => [.. Inputs.Select(i => BitConverter.ToDouble(i, 0))];
}
