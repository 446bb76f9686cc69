using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>Records the replicas connected to this frontend where the rest of the cluster can see them (Redis).</summary>
internal interface IReplicaDirectory
{
    /// <summary>Records a connected replica. Never blocks; a failure to record is retried in the background.</summary>
    /// <param name="model">The model version it serves.</param>
    /// <param name="replica">The replica.</param>
    /// <param name="address">Its remote address.</param>
    /// <param name="reconnects">How many times its container connected to this frontend again after losing its connection (<see cref="ReconnectCounter"/>).</param>
    void Add(ModelVersionId model, IReplica replica, string address, int reconnects);

    /// <summary>Records that a connected replica said it drains (it finishes its batches, then leaves). Never blocks.</summary>
    void MarkDraining(ModelVersionId model, IReplica replica);

    /// <summary>Removes a replica that left. Never blocks.</summary>
    void Remove(ModelVersionId model, IReplica replica);
}
