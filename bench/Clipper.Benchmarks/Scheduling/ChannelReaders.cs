using System.Threading.Channels;

namespace Clipper.Benchmarks.Scheduling;

/// <summary>
/// The scheduler baseline: a bounded channel of item numbers and readers that each take up to a
/// batch of them at a time, mark them delivered and report them, with no deadlines, claims or outputs.
/// </summary>
internal sealed class ChannelReaders
{
    // One cache line per item, so readers marking neighbouring items do not contend for a line:
    // the queries of the real path are separate objects and do not either.
    private const int FlagStride = 64;

    private readonly Channel<int> _channel;
    private readonly CompletionCountdown _countdown = new();
    private readonly bool[] _delivered;
    private readonly Task<long>[] _readers;
    private readonly int _capacity;
    private readonly int _batchSize;
    private long _written;

    public ChannelReaders(int capacity, int readerCount, int batchSize)
    {
        _channel = Channel.CreateBounded<int>(new BoundedChannelOptions(capacity) { SingleWriter = true });
        _capacity = capacity;
        _delivered = new bool[capacity * FlagStride];
        _batchSize = batchSize;
        _readers = new Task<long>[readerCount];
        for (int i = 0; i < readerCount; i++)
        {
            _readers[i] = Task.Run(ReadAsync);
        }
    }

    /// <summary>Writes items 0 to <paramref name="count"/> - 1 and waits until every reader has reported them.</summary>
    public async Task RunAsync(int count)
    {
        Task done = _countdown.Start(count);
        for (int i = 0; i < count; i++)
        {
            if (!_channel.Writer.TryWrite(i))
            {
                throw new InvalidOperationException($"The channel refused item {i}; its capacity is {_capacity}.");
            }
        }

        _written += count;
        await done.ConfigureAwait(false);
        for (int i = 0; i < count; i++)
        {
            if (!_delivered[i * FlagStride])
            {
                throw new InvalidOperationException($"Item {i} was never delivered.");
            }

            _delivered[i * FlagStride] = false;
        }
    }

    /// <summary>Ends the readers and prints the batch sizes they actually got (see <see cref="BatchSizeReport"/>).</summary>
    public async Task StopAsync()
    {
        _channel.Writer.Complete();
        long[] batches = await Task.WhenAll(_readers).ConfigureAwait(false);
        BatchSizeReport.Write("Channel", _written, batches.Sum(), _batchSize);
    }

    /// <summary>Reads until the channel is completed; returns the number of batches read.</summary>
    private async Task<long> ReadAsync()
    {
        ChannelReader<int> reader = _channel.Reader;
        long batches = 0;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                int taken = 0;
                while (taken < _batchSize && reader.TryRead(out int item))
                {
                    if (_delivered[item * FlagStride])
                    {
                        throw new InvalidOperationException($"Item {item} was delivered twice.");
                    }

                    _delivered[item * FlagStride] = true;
                    taken++;
                }

                if (taken > 0)
                {
                    batches++;
                    _countdown.Signal(taken);
                }
            }

            return batches;
        }
        catch (Exception ex)
        {
            _countdown.Fail(ex);
            throw;
        }
    }
}
