using Clipper.QueryFrontend.Models;

namespace Clipper.QueryFrontend.Tests.Models;

/// <summary>A replica as the scheduler sees it; whether it takes batches is set by the test.</summary>
internal sealed class StubReplica(int replicaId, bool isAcceptingBatches = true) : IReplica
{
    public int ReplicaId { get; } = replicaId;

    public string ContainerId => "container-" + ReplicaId;

    public long AnsweredCount => 0;

    public bool IsAcceptingBatches { get; set; } = isAcceptingBatches;

    public Clipper.ModelRpc.Protocol.InputType InputType { get; set; } = Clipper.ModelRpc.Protocol.InputType.Doubles;

    public int StopCount { get; private set; }

    public void Stop() => StopCount++;
}
