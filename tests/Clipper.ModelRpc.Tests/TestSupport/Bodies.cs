using System.Buffers;
using MessagePack;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>Hand-built MessagePack bodies and frames, for shapes the library's writers never produce.</summary>
public static class Bodies
{
    /// <summary>Writes a body with a raw MessagePack writer.</summary>
    public delegate void BodyWriter(ref MessagePackWriter writer);

    /// <summary>The bytes written by <paramref name="write"/>.</summary>
    public static byte[] Build(BodyWriter write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A whole frame: big-endian length, type byte, body.</summary>
    public static byte[] Frame(byte type, ReadOnlySpan<byte> body)
    {
        byte[] frame = new byte[5 + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)(body.Length + 1));
        frame[4] = type;
        body.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>The bytes a writer produced into a fresh buffer.</summary>
    public static byte[] Written(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Garbage that is not a valid body of any message, for "errors, never exceptions" tests.</summary>
    public static TheoryData<byte[]> Garbage() => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0xC1 },
        new byte[] { 0xC0 },
        new byte[] { 0x93 },
        new byte[] { 0x93, 0x01 },
        new byte[] { 0xDD, 0xFF, 0xFF, 0xFF, 0xFF },
        new byte[] { 0x95, 0x01, 0xA3, (byte)'a' },
        new byte[] { 0x92, 0xCF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x91 },
        new byte[] { 0x93, 0xD3, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x90 },
        new byte[] { 0x81, 0xA1, (byte)'k', 0xA1, (byte)'v' },
        new byte[] { 0xDB, 0x7F, 0xFF, 0xFF, 0xFF },
        new byte[] { 0xC6, 0x00, 0x00, 0x00, 0x10, 0x01 },
        new byte[] { 0x91, 0xC7, 0x01, 0x05, 0x00 },
        new byte[] { 0xFF, 0xFF, 0xFF },
    };

    /// <summary>Deterministic random bodies; some start with a plausible array header to reach deeper code.</summary>
    public static IEnumerable<byte[]> Random(int count, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] body = new byte[random.Next(0, 24)];
            random.NextBytes(body);
            if (body.Length > 0 && i % 2 == 0)
            {
                body[0] = (byte)(0x91 + random.Next(0, 5));
            }

            yield return body;
        }
    }
}
