using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Rpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>The query frontend's replica records in a real Redis: reconnect counts and the draining state as written.</summary>
public sealed class RedisReplicaDirectoryTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly ModelVersionId s_model = new("m", "1");
    private readonly RedisConfigurationStore _store = StoreFactory.Connect(redis.Server);
    private readonly QueryFrontendOptions _options = new() { FrontendId = "frontend-" + Guid.NewGuid().ToString("N") };
    private RedisReplicaDirectory? _directory;

    public async Task InitializeAsync()
    {
        _directory = new RedisReplicaDirectory(_store, _options, NullLogger<RedisReplicaDirectory>.Instance);
        await _directory.StartAsync(CancellationToken.None).WithTimeout();
    }

    public async Task DisposeAsync()
    {
        await _directory!.StopAsync(CancellationToken.None).WithTimeout();
        _directory.Dispose();
        await _store.DisposeAsync().AsTask().WithTimeout();
    }

    [Fact]
    public async Task MarkDraining_ConnectedReplica_IsWrittenWithItsReconnects()
    {
        var replica = new Replica(4, "sum_1-1");
        _directory!.Add(s_model, replica, "127.0.0.1:50000", reconnects: 2);
        await WaitForAsync(r => r is { State: ReplicaConnectionStates.Connected, Reconnects: 2 }, "the connected record");

        _directory.MarkDraining(s_model, replica);

        var written = await WaitForAsync(r => r is { State: ReplicaConnectionStates.Draining }, "the draining record");
        Assert.Equal(2, written!.Reconnects);
        Assert.Equal("sum_1-1", written.ContainerId);
    }

    [Fact]
    public async Task MarkDraining_ThenRemoved_LeavesNoRecord()
    {
        // The directory starts by rewriting this frontend's records from what it wants; a record written by that pass
        // could appear before the changes queued meanwhile. Once a first replica is written, that pass is over.
        _directory!.Add(s_model, new Replica(3, "sum_1-0"), "127.0.0.1:50000", reconnects: 0);
        await WaitForAsync(r => r is { ReplicaId: 3 }, "the first replica's record", replicaId: 3);

        var replica = new Replica(5, "sum_1-2");
        _directory.Add(s_model, replica, "127.0.0.1:50001", reconnects: 0);
        _directory.MarkDraining(s_model, replica);
        _directory.Remove(s_model, replica);

        // A goodbye read after the replica left changes nothing. Changes are written in order: once a later replica's
        // record is there, anything queued before it was written too.
        _directory.MarkDraining(s_model, replica);
        var later = new Replica(6, "sum_1-3");
        _directory.Add(s_model, later, "127.0.0.1:50002", reconnects: 0);
        await WaitForAsync(r => r is { ReplicaId: 6 }, "the later replica's record", replicaId: 6);

        Assert.Null(await ReadAsync(replica.ReplicaId));
    }

    private async Task<ReplicaRecord?> WaitForAsync(Func<ReplicaRecord?, bool> wanted, string what, int replicaId = -1)
    {
        ReplicaRecord? last = null;
        await Serving.Eventually.TrueAsync(
            async () =>
            {
                var snapshot = await _store.LoadAsync().WithTimeout();
                last = null;
                foreach (var record in snapshot.Replicas.Values)
                {
                    if (record.FrontendId == _options.EffectiveFrontendId && (replicaId < 0 || record.ReplicaId == replicaId))
                    {
                        last = record;
                    }
                }

                return wanted(last);
            },
            TimeSpan.FromSeconds(10),
            () => $"waiting for {what}; last: {last}");
        return last;
    }

    private async Task<ReplicaRecord?> ReadAsync(int replicaId) =>
        (await _store.LoadAsync().WithTimeout()).Replicas.GetValueOrDefault(new ReplicaKey(s_model, replicaId));

    private sealed class Replica(int replicaId, string containerId) : IReplica
    {
        public int ReplicaId { get; } = replicaId;

        public string ContainerId { get; } = containerId;

        public long AnsweredCount => 0;

        public bool IsAcceptingBatches => true;

        public InputType InputType => InputType.Doubles;

        public void Stop()
        {
        }
    }
}
