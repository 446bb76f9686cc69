using System.Buffers;

namespace Clipper.Benchmarks.Frames;

internal sealed partial class BlockPool
{
    /// <summary>One pooled array; disposing it returns it to its pool for the next rent.</summary>
    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly BlockPool _pool;
        private readonly byte[] _array;

        public Block(BlockPool pool, byte[] array, int sizeClass)
        {
            _pool = pool;
            _array = array;
            SizeClass = sizeClass;
        }

        public int SizeClass { get; }

        public Memory<byte> Memory => _array;

        public void Dispose() => _pool.Return(this);
    }
}
