using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>Decodes a bin of little-endian packed numbers into a new array, in one copy.</summary>
internal sealed class NumericArrayDecoder<T> : InputDecoder<T[]>
    where T : unmanaged
{
    private readonly string _wireName;

    public NumericArrayDecoder(InputType inputType, string wireName)
        : base(inputType) => _wireName = wireName;

    internal override bool TryDecode(ref MessagePackReader reader, [MaybeNullWhen(false)] out T[] input, [NotNullWhen(false)] out string? error)
    {
        if (reader.End || reader.NextMessagePackType != MessagePackType.Binary)
        {
            input = null;
            error = ProtocolErrors.WrongType("input", "a bin", ref reader);
            return false;
        }

        ReadOnlySequence<byte> bytes = reader.ReadBytes()!.Value;
        int size = Unsafe.SizeOf<T>();
        if (bytes.Length % size != 0)
        {
            input = null;
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"input: expected a bin whose length is a multiple of {size} ({InputType.ToName()}: {_wireName}), received {bytes.Length} bytes.");
            return false;
        }

        // Every element is overwritten by the copy, so the array need not be zeroed first.
        T[] values = GC.AllocateUninitializedArray<T>((int)(bytes.Length / size));
        bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(values);
        }

        input = values;
        error = null;
        return true;
    }

    private static void ReverseEndianness(T[] values)
    {
        if (Unsafe.SizeOf<T>() == sizeof(long))
        {
            Span<long> wide = MemoryMarshal.Cast<T, long>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(wide, wide);
        }
        else
        {
            Span<int> narrow = MemoryMarshal.Cast<T, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(narrow, narrow);
        }
    }
}
