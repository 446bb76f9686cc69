using System.Buffers;
using System.Numerics;

namespace Clipper.Benchmarks.Frames;

/// <summary>
/// A memory pool that keeps every block it ever handed out, in power-of-two size classes.
/// </summary>
/// <remarks>
/// The frame benchmarks buffer a whole frame (up to a few MiB) in a pipe before reading it back.
/// <see cref="ArrayPool{T}.Shared"/> keeps only a few dozen arrays per size, so such frames would
/// allocate in steady state because of the harness, not the protocol code; this pool never drops a
/// block, so what the memory diagnoser reports is what the writers and readers allocate.
/// </remarks>
internal sealed partial class BlockPool : MemoryPool<byte>
{
    private const int MinBlockBytes = 4096;
    private const int MaxBlockBytes = 1 << 30;

    private readonly Lock _lock = new();
    private readonly Stack<Block>[] _free = CreateSizeClasses();

    /// <inheritdoc />
    public override int MaxBufferSize => MaxBlockBytes;

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, MaxBlockBytes);
        int size = minBufferSize <= MinBlockBytes ? MinBlockBytes : (int)BitOperations.RoundUpToPowerOf2((uint)minBufferSize);
        int sizeClass = BitOperations.Log2((uint)size);
        lock (_lock)
        {
            if (_free[sizeClass].TryPop(out Block? block))
            {
                return block;
            }
        }

        return new Block(this, new byte[size], sizeClass);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }

    private void Return(Block block)
    {
        lock (_lock)
        {
            _free[block.SizeClass].Push(block);
        }
    }

    private static Stack<Block>[] CreateSizeClasses()
    {
        var classes = new Stack<Block>[BitOperations.Log2(MaxBlockBytes) + 1];
        for (int i = 0; i < classes.Length; i++)
        {
            classes[i] = new Stack<Block>();
        }

        return classes;
    }
}
