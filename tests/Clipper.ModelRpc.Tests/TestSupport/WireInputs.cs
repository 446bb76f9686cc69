using System.Buffers;
using System.Buffers.Binary;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>Numbers packed little-endian, as the frontend sends them.</summary>
public static class WireInputs
{
    public static byte[] PackInts(int[] values) => Pack(values, sizeof(int), (s, v) => BinaryPrimitives.WriteInt32LittleEndian(s, v));

    public static byte[] PackFloats(float[] values) => Pack(values, sizeof(float), (s, v) => BinaryPrimitives.WriteSingleLittleEndian(s, v));

    public static byte[] PackDoubles(double[] values) => Pack(values, sizeof(double), (s, v) => BinaryPrimitives.WriteDoubleLittleEndian(s, v));

    private static byte[] Pack<T>(T[] values, int size, SpanAction<byte, T> write)
    {
        byte[] bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            write(bytes.AsSpan(i * size, size), values[i]);
        }

        return bytes;
    }
}
