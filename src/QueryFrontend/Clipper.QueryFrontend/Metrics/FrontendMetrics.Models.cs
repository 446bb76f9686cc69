using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Metrics;

internal sealed partial class FrontendMetrics
{
    // Model versions are few (registered ones, and held ones whose containers carry the join token); past this bound
    // the tags are built per call rather than kept.
    private const int MaxCachedModels = 1024;

    private readonly ConcurrentDictionary<ModelVersionId, KeyValuePair<string, object?>[]> _modelTags = new();

    /// <summary>A batch of <paramref name="batch"/>'s queries was written to a replica of <paramref name="model"/> at <paramref name="sentAt"/>.</summary>
    /// <param name="model">The model version.</param>
    /// <param name="batch">The batch's queries; each one's queue wait ends now.</param>
    /// <param name="sentAt">When the batch was written (a <paramref name="time"/> timestamp).</param>
    /// <param name="time">The clock of <see cref="Query.EnqueuedAt"/> and <paramref name="sentAt"/>.</param>
    public void BatchSent(ModelVersionId model, ReadOnlySpan<Query?> batch, long sentAt, TimeProvider time)
    {
        Interlocked.Add(ref _sentCount, batch.Length);
        if (!_batchSize.Enabled && !_queueWait.Enabled)
        {
            return;
        }

        var tags = TagsOf(model);
        _batchSize.Record(batch.Length, tags);
        if (_queueWait.Enabled)
        {
            foreach (var query in batch)
            {
                _queueWait.Record(time.GetElapsedTime(query!.EnqueuedAt, sentAt).TotalSeconds, tags);
            }
        }
    }

    /// <summary>A replica of <paramref name="model"/> answered a batch of <paramref name="size"/> queries <paramref name="latency"/> after it was sent.</summary>
    public void BatchCompleted(ModelVersionId model, int size, TimeSpan latency)
    {
        if (_batchDuration.Enabled)
        {
            _batchDuration.Record(latency.TotalSeconds, TagsOf(model));
        }
    }

    /// <summary>
    /// A replica of <paramref name="model"/> reported the time its model took for one batch (carried in the batch's answer
    /// from RPC protocol version 3 on): the model's own share of <see cref="BatchCompleted"/>'s latency.
    /// </summary>
    /// <param name="model">The model version.</param>
    /// <param name="modelTime">The model's time for the batch, as the container measured it.</param>
    public void ModelTimeReported(ModelVersionId model, TimeSpan modelTime)
    {
        if (_modelDuration.Enabled)
        {
            _modelDuration.Record(modelTime.TotalSeconds, TagsOf(model));
        }
    }

    /// <summary>
    /// A replica of <paramref name="model"/> connected; counts a reconnect when its container came back after its
    /// connection here was lost (<paramref name="returned"/>, from <c>Rpc.ReconnectCounter</c>, which its replica record's count comes from).
    /// </summary>
    public void ReplicaConnected(ModelVersionId model, bool returned)
    {
        if (returned)
        {
            _reconnects.Add(1, TagsOf(model));
        }
    }

    private KeyValuePair<string, object?>[] TagsOf(ModelVersionId model)
    {
        if (_modelTags.TryGetValue(model, out var tags))
        {
            return tags;
        }

        tags = [new("model", model.Name), new("version", model.Version)];
        return _modelTags.Count < MaxCachedModels ? _modelTags.GetOrAdd(model, tags) : tags;
    }

    private IEnumerable<Measurement<long>> ObserveQueueDepths(ModelRegistry models)
    {
        foreach (var runtime in models.All)
        {
            yield return new Measurement<long>(runtime.Queue.Count, TagsOf(runtime.Key));
        }
    }

    private IEnumerable<Measurement<long>> ObserveReplicas(ModelRegistry models)
    {
        foreach (var runtime in models.All)
        {
            yield return new Measurement<long>(runtime.Replicas.Length, TagsOf(runtime.Key));
        }
    }
}
