using Clipper.QueryFrontend.Models;
using static Clipper.QueryFrontend.Tests.Models.TestRuntimes;

namespace Clipper.QueryFrontend.Tests.Models;

public sealed class ModelVersionRuntimeReplicaTests
{
    [Fact]
    public void AddReplica_Two_BothListedAndHasReplicas()
    {
        ModelVersionRuntime runtime = Create();
        StubReplica first = new(0);
        StubReplica second = new(1);

        runtime.AddReplica(first);
        runtime.AddReplica(second);

        Assert.True(runtime.HasReplicas);
        Assert.Equal<IReplica>([first, second], runtime.Replicas.ToArray());
    }

    [Fact]
    public void RemoveReplica_OneOfTwo_LeavesTheOther()
    {
        ModelVersionRuntime runtime = Create();
        StubReplica first = new(0);
        StubReplica second = new(1);
        runtime.AddReplica(first);
        runtime.AddReplica(second);

        runtime.RemoveReplica(first);

        Assert.True(runtime.HasReplicas);
        Assert.Equal<IReplica>([second], runtime.Replicas.ToArray());
    }

    [Fact]
    public void RemoveReplica_Last_HasNoReplicas()
    {
        ModelVersionRuntime runtime = Create();
        StubReplica replica = new(0);
        runtime.AddReplica(replica);

        runtime.RemoveReplica(replica);

        Assert.False(runtime.HasReplicas);
        Assert.Empty(runtime.Replicas);
    }

    [Fact]
    public void RemoveReplica_NotAdded_ChangesNothing()
    {
        ModelVersionRuntime runtime = Create();
        StubReplica added = new(0);
        runtime.AddReplica(added);

        runtime.RemoveReplica(new StubReplica(0));

        Assert.Equal<IReplica>([added], runtime.Replicas.ToArray());
    }

    [Fact]
    public void HasReplicas_OnlyReplicaDraining_IsFalse()
    {
        ModelVersionRuntime runtime = Create();
        runtime.AddReplica(new StubReplica(0, isAcceptingBatches: false));

        Assert.False(runtime.HasReplicas);
    }

    [Fact]
    public void HasReplicas_OneOfTwoDraining_IsTrue()
    {
        ModelVersionRuntime runtime = Create();
        runtime.AddReplica(new StubReplica(0, isAcceptingBatches: false));
        runtime.AddReplica(new StubReplica(1));

        Assert.True(runtime.HasReplicas);
    }

    [Fact]
    public void NextReplicaId_Repeated_CountsFromZero()
    {
        ModelVersionRuntime runtime = Create();

        Assert.Equal(0, runtime.NextReplicaId());
        Assert.Equal(1, runtime.NextReplicaId());
        Assert.Equal(2, runtime.NextReplicaId());
    }

    [Fact]
    public void NextReplicaId_Concurrent_NeverRepeats()
    {
        ModelVersionRuntime runtime = Create();
        int[] ids = new int[10_000];

        Parallel.For(0, ids.Length, i => ids[i] = runtime.NextReplicaId());

        Assert.Equal(Enumerable.Range(0, ids.Length), ids.Order());
    }

    [Fact]
    public void AddReplica_Concurrent_LosesNone()
    {
        ModelVersionRuntime runtime = Create();
        StubReplica[] replicas = Enumerable.Range(0, 1_000).Select(i => new StubReplica(i)).ToArray();

        Parallel.ForEach(replicas, runtime.AddReplica);

        Assert.Equal(replicas.Length, runtime.Replicas.Length);
        Assert.Equal(Enumerable.Range(0, replicas.Length), runtime.Replicas.Select(r => r.ReplicaId).Order());
    }
}
