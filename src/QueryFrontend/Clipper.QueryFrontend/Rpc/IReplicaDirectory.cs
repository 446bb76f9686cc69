using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>Records the replicas connected to this frontend where the rest of the cluster can see them (Redis).</summary>
internal interface IReplicaDirectory
{
    /// <summary>Records a connected replica. Never blocks; a failure to record is retried in the background.</summary>
    void Add(ModelVersionId model, IReplica replica, string address);

    /// <summary>Removes a replica that left. Never blocks.</summary>
    void Remove(ModelVersionId model, IReplica replica);
}
