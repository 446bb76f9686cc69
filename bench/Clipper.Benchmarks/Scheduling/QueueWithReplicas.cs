using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;

namespace Clipper.Benchmarks.Scheduling;

/// <summary>
/// The frontend's scheduling path with real types: queries created and submitted as
/// <c>PredictEndpoint</c> does (a new <see cref="Query"/>, <see cref="DeadlineQueue{T}.TryEnqueue"/>,
/// <see cref="DeadlineTimer{T}.Schedule"/>) into a <see cref="ModelVersionRuntime"/> with a fixed
/// batch size policy, served by <see cref="SimulatedReplica"/> loops.
/// </summary>
/// <remarks>
/// Deadlines are ten minutes out, so neither the queue nor the timer ever expires a query: the
/// benchmark measures the path every successful query takes. Queries cannot be reused (a query
/// completes once and has no reset), so each operation allocates its own, as production does.
/// </remarks>
internal sealed class QueueWithReplicas
{
    private static readonly TimeSpan s_objective = TimeSpan.FromMinutes(10);
    private static long s_lastQueryId;

    private readonly TimeProvider _time = TimeProvider.System;
    private readonly CompletionCountdown _countdown = new();
    private readonly ModelVersionRuntime _runtime;
    private readonly AppRoute _app;
    private readonly DeadlineTimer<Query> _deadlines;
    private readonly SimulatedReplica[] _replicas;
    private readonly Task[] _loops;
    private readonly Query[] _queries;
    private readonly ReadOnlyMemory<byte> _input = new byte[4 * sizeof(double)];
    private readonly int _outputLength;

    public QueueWithReplicas(int capacity, int replicaCount, int batchSize)
    {
        var batching = new BatchingOptions { QueueCapacity = capacity };
        _runtime = new ModelVersionRuntime(new ModelVersionId("bench", "1"), InputType.Doubles, batching.QueueCapacity, _time, batching);
        _runtime.Configure(new ModelVersionSettings(InputType.Doubles, batchSize, s_objective));
        _app = new AppRoute("bench", InputType.Doubles, "null"u8.ToArray(), s_objective, "bench", _runtime, _time);
        _deadlines = new DeadlineTimer<Query>(_time, static query => query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed));
        _queries = new Query[capacity];

        byte[] output = "[0.25, 0.75]"u8.ToArray();
        _outputLength = output.Length;
        _replicas = new SimulatedReplica[replicaCount];
        _loops = new Task[replicaCount];
        for (int i = 0; i < replicaCount; i++)
        {
            var replica = new SimulatedReplica(_runtime.NextReplicaId(), _runtime, _countdown, new ReadOnlySequence<byte>(output), _time);
            _runtime.AddReplica(replica);
            _replicas[i] = replica;
            _loops[i] = Task.Run(replica.RunAsync);
        }
    }

    /// <summary>Submits <paramref name="count"/> queries and waits until the replicas have answered them all.</summary>
    public async Task RunAsync(int count)
    {
        if (_runtime.Settings is null || !_runtime.HasReplicas)
        {
            throw new InvalidOperationException("The model version is not registered or has no replica; queries would get the default output.");
        }

        Task done = _countdown.Start(count);
        for (int i = 0; i < count; i++)
        {
            var query = new Query(Interlocked.Increment(ref s_lastQueryId), _input, _time.GetTimestamp() + _app.ObjectiveTimestampTicks, _app.DefaultOutputUtf8);
            _queries[i] = query;
            if (_runtime.Queue.TryEnqueue(query) != EnqueueResult.Accepted)
            {
                throw new InvalidOperationException($"The queue refused query {i}; its capacity is {_runtime.Queue.Capacity}.");
            }

            _deadlines.Schedule(query);
        }

        await done.ConfigureAwait(false);
        for (int i = 0; i < count; i++)
        {
            Query query = _queries[i];
            _queries[i] = null!;
            if (!query.IsCompleted || query.DefaultReason != DefaultReason.None || query.Output.Length != _outputLength)
            {
                throw new InvalidOperationException($"Query {i} ended as {query.DefaultReason} with {query.Output.Length} output bytes; expected the model's {_outputLength}-byte output.");
            }

            query.Release();
        }
    }

    /// <summary>
    /// Completes the queue, which ends the replica loops, stops the deadline timer, and prints the
    /// batch sizes the replicas actually got (see <see cref="BatchSizeReport"/>).
    /// </summary>
    public async Task StopAsync()
    {
        _runtime.Queue.Complete();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _deadlines.Dispose();
        long batches = 0;
        long answered = 0;
        foreach (SimulatedReplica replica in _replicas)
        {
            batches += replica.Batches;
            answered += replica.Answered;
        }

        BatchSizeReport.Write("DeadlineQueue", answered, batches, _runtime.Policy.MaxBatchSize);
    }
}
