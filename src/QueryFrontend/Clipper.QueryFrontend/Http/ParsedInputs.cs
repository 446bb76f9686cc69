using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// The inputs of one prediction request in wire form, packed back to back in one pooled buffer:
/// integers as int32 little-endian, floats as float32 LE, doubles as float64 LE, bytes base64-decoded,
/// strings as unescaped UTF-8. Meant to be reused across requests (<see cref="Reset"/>) so steady-state
/// parsing rents nothing. Not thread-safe.
/// </summary>
/// <remarks>
/// Memory handed out by <see cref="GetInput"/> points into the pooled buffer: it stays valid only until
/// <see cref="Reset"/> or <see cref="Dispose"/>, so the owner must keep this object until every consumer of
/// an input (batching, RPC) is done with it.
/// </remarks>
internal sealed class ParsedInputs : IDisposable
{
    // Buffers above these sizes go back to the pool on Reset: one huge request must not pin its
    // memory in a pooled instance for the life of the process.
    private const int RetainedDataBytes = 1024 * 1024;
    private const int RetainedOffsets = 16 * 1024;
    private const int InitialDataBytes = 4096;
    private const int InitialOffsets = 64;

    private byte[] _data = [];

    // _offsets[i] is where input i starts and _offsets[i + 1] where it ends; _offsets[0] is always 0,
    // so the end of the last complete input is also where the next one starts.
    private int[] _offsets = [];
    private int _length;

    /// <summary>The type of every input, as the application expects it.</summary>
    public InputType InputType { get; private set; }

    /// <summary><see langword="true"/> when the request used <c>input_batch</c>, <see langword="false"/> for <c>input</c>.</summary>
    public bool IsBatch { get; private set; }

    /// <summary>
    /// The latency objective the request asked for in its body (<c>latency_slo_micros</c>), in microseconds, or 0 when
    /// it asked for none. Only ever tightens the application's objective.
    /// </summary>
    public long RequestedObjectiveMicros { get; internal set; }

    /// <summary>The number of complete inputs.</summary>
    public int Count { get; private set; }

    /// <summary>The total size in bytes of all inputs in wire form.</summary>
    public int TotalBytes => Count == 0 ? 0 : _offsets[Count];

    /// <summary>One input in wire form; valid until <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    /// <param name="index">The position of the input in the request, from 0.</param>
    /// <returns>The input's bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public ReadOnlyMemory<byte> GetInput(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected an input index from 0 to {Count - 1}.");
        }

        int start = _offsets[index];
        return new ReadOnlyMemory<byte>(_data, start, _offsets[index + 1] - start);
    }

    /// <summary>Forgets every input so the instance can hold the next request; keeps moderate buffers for reuse.</summary>
    public void Reset()
    {
        Count = 0;
        _length = 0;
        IsBatch = false;
        InputType = default;
        RequestedObjectiveMicros = 0;
        if (_data.Length > RetainedDataBytes)
        {
            ReturnData();
        }

        if (_offsets.Length > RetainedOffsets)
        {
            ReturnOffsets();
        }
    }

    /// <summary>Returns the pooled buffers. The instance stays usable and rents again on its next request.</summary>
    public void Dispose()
    {
        Count = 0;
        _length = 0;
        ReturnData();
        ReturnOffsets();
    }

    /// <summary>Clears the instance and records what the request being parsed holds.</summary>
    internal void Begin(InputType inputType, bool isBatch)
    {
        // The objective may come before "input_batch" in the body: starting the batch keeps it.
        var objective = RequestedObjectiveMicros;
        Reset();
        RequestedObjectiveMicros = objective;
        InputType = inputType;
        IsBatch = isBatch;
    }

    /// <summary>Marks the bytes written since the previous input as one complete input.</summary>
    internal void EndInput()
    {
        if (Count + 2 > _offsets.Length)
        {
            GrowOffsets();
        }

        _offsets[++Count] = _length;
    }

    /// <summary>The writable space after the data, at least <paramref name="sizeHint"/> bytes.</summary>
    internal Span<byte> GetSpan(int sizeHint)
    {
        if (_data.Length - _length < sizeHint)
        {
            GrowData(sizeHint);
        }

        return _data.AsSpan(_length);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the span from <see cref="GetSpan"/>.</summary>
    internal void Advance(int count) => _length += count;

    /// <summary>Appends one element of the current input, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(GetSpan(sizeof(int)), value);
        _length += sizeof(int);
    }

    /// <summary>Appends one element of the current input, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(GetSpan(sizeof(float)), value);
        _length += sizeof(float);
    }

    /// <summary>Appends one element of the current input, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(GetSpan(sizeof(double)), value);
        _length += sizeof(double);
    }

    private void GrowData(int sizeHint)
    {
        long wanted = Math.Max((long)_length + sizeHint, Math.Max(InitialDataBytes, (long)_data.Length * 2));
        int size = (int)Math.Min(wanted, Array.MaxLength);
        if (size - _length < sizeHint)
        {
            throw new InvalidOperationException($"The inputs of one request exceed {Array.MaxLength} bytes in wire form.");
        }

        byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
        _data.AsSpan(0, _length).CopyTo(bigger);
        ReturnData();
        _data = bigger;
    }

    private void GrowOffsets()
    {
        int[] bigger = ArrayPool<int>.Shared.Rent(Math.Max(InitialOffsets, _offsets.Length * 2));
        if (_offsets.Length == 0)
        {
            bigger[0] = 0;
        }
        else
        {
            _offsets.AsSpan(0, Count + 1).CopyTo(bigger);
        }

        ReturnOffsets();
        _offsets = bigger;
    }

    private void ReturnData()
    {
        if (_data.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(_data);
            _data = [];
        }
    }

    private void ReturnOffsets()
    {
        if (_offsets.Length != 0)
        {
            ArrayPool<int>.Shared.Return(_offsets);
            _offsets = [];
        }
    }
}
