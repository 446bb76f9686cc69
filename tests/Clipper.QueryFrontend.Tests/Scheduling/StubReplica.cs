using Clipper.QueryFrontend.Scheduling;

namespace Clipper.QueryFrontend.Tests.Scheduling;

/// <summary>A replica as the scheduler sees it; whether it takes batches is set by the test.</summary>
internal sealed class StubReplica(int replicaId, bool isAcceptingBatches = true) : IReplica
{
    public int ReplicaId { get; } = replicaId;

    public string ContainerId => "container-" + ReplicaId;

    public bool IsAcceptingBatches { get; set; } = isAcceptingBatches;
}
