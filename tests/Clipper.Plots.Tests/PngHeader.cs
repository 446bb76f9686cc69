using System.Buffers.Binary;

namespace Clipper.Plots.Tests;

/// <summary>Reads a PNG file's signature and the size in its IHDR chunk, the first chunk of every PNG.</summary>
public static class PngHeader
{
    private static readonly byte[] s_signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The image's width and height, or null when the bytes are not a PNG.</summary>
    public static (int Width, int Height)? Read(byte[] bytes)
    {
        if (bytes.Length < 24 || !bytes.AsSpan(0, 8).SequenceEqual(s_signature) || !bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            return null;
        }

        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
