using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Microsoft.Extensions.Hosting;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// Replica ids come from Redis so that they are unique across frontends. Serving must not wait on Redis, so when it
/// does not answer at once a local id from a range of its own is used. Shared by both protocols of the RPC port.
/// </summary>
internal sealed class ReplicaIdAllocator
{
    private const int LocalReplicaIdBase = 1_000_000;
    private readonly IConfigurationStore _store;
    private readonly QueryFrontendOptions _options;
    private readonly CancellationToken _stopping;

    public ReplicaIdAllocator(IConfigurationStore store, QueryFrontendOptions options, IHostApplicationLifetime lifetime)
    {
        _store = store;
        _options = options;
        _stopping = lifetime.ApplicationStopping;
    }

    public async Task<int> AllocateAsync(ModelVersionId key, ModelVersionRuntime runtime)
    {
        try
        {
            return await _store.AllocateReplicaIdAsync(key, _stopping)
                .WaitAsync(TimeSpan.FromSeconds(1), _options.TimeProvider, _stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or ConfigurationStoreException or OperationCanceledException or StackExchange.Redis.RedisException)
        {
            return LocalReplicaIdBase + runtime.NextReplicaId();
        }
    }
}
