using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;

namespace Clipper.Benchmarks.Scheduling;

/// <summary>
/// A replica without a socket: the dispatch loop of <c>ReplicaConnection</c> (take a batch of at
/// most the policy's size from the queue, claim each query for copying, mark it in flight) followed
/// at once by what its read loop does with the answer (complete each query with its output, report
/// the batch to the policy). The model answers instantly.
/// </summary>
internal sealed class SimulatedReplica : IReplica
{
    private readonly ModelVersionRuntime _runtime;
    private readonly CompletionCountdown _countdown;
    private readonly ReadOnlySequence<byte> _output;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Query[] _dequeued;
    private readonly Query[] _batch;

    public SimulatedReplica(int replicaId, ModelVersionRuntime runtime, CompletionCountdown countdown, ReadOnlySequence<byte> output, TimeProvider time)
    {
        ReplicaId = replicaId;
        ContainerId = "bench-" + replicaId;
        _runtime = runtime;
        _countdown = countdown;
        _output = output;
        _time = time;
        _dequeued = new Query[runtime.Batching.MaxBatchSize];
        _batch = new Query[runtime.Batching.MaxBatchSize];
    }

    public int ReplicaId { get; }

    public string ContainerId { get; }

    public long AnsweredCount => 0;

    public bool IsAcceptingBatches => !_stopping.IsCancellationRequested;

    public InputType InputType => _runtime.InputType;

    /// <summary>The number of batches served; read once the loop has ended.</summary>
    public long Batches { get; private set; }

    /// <summary>The number of queries answered; read once the loop has ended.</summary>
    public long Answered { get; private set; }

    public void Stop() => _stopping.Cancel();

    /// <summary>Serves batches until the queue is completed or the replica is stopped.</summary>
    public async Task RunAsync()
    {
        try
        {
            while (true)
            {
                int max = Math.Clamp(_runtime.Policy.MaxBatchSize, 1, _dequeued.Length);
                int taken = await _runtime.Queue.DequeueBatchAsync(_dequeued, max, _runtime.Batching.FillWait, _stopping.Token).ConfigureAwait(false);
                if (taken == 0)
                {
                    return;
                }

                long started = _time.GetTimestamp();
                int claimed = Claim(taken);

                // ReplicaConnection writes the batch frame here, between TryBeginCopy and EndCopy;
                // RequestFrameBenchmarks measures that part.
                for (int i = 0; i < claimed; i++)
                {
                    _batch[i].EndCopy();
                }

                Complete(claimed);
                _runtime.Policy.OnBatchCompleted(claimed, _time.GetElapsedTime(started));
                if (claimed != taken || taken > max)
                {
                    throw new InvalidOperationException($"Took {taken} queries for a batch of at most {max} and could claim {claimed}; every query should be queued and claimable once.");
                }

                Batches++;
                Answered += claimed;
                _countdown.Signal(claimed);
            }
        }
        catch (Exception ex)
        {
            _countdown.Fail(ex);
            throw;
        }
    }

    private int Claim(int taken)
    {
        int claimed = 0;
        for (int i = 0; i < taken; i++)
        {
            Query query = _dequeued[i];
            _dequeued[i] = null!;
            if (query.TryBeginCopy())
            {
                _batch[claimed++] = query;
            }
        }

        return claimed;
    }

    private void Complete(int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (!_batch[i].TryCompleteWithOutput(_output))
            {
                throw new InvalidOperationException($"Query {_batch[i].QueryId} was already completed; only this replica should answer it.");
            }

            _batch[i] = null!;
        }
    }
}
