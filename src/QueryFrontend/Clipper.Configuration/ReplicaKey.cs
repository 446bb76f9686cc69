using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration;

/// <summary>Identifies one replica (one connected container) of a model version.</summary>
/// <param name="Model">The model version the replica serves.</param>
/// <param name="ReplicaId">The replica number, unique within the model version.</param>
public readonly record struct ReplicaKey(ModelVersionId Model, int ReplicaId)
{
    /// <summary>Clipper's serialized form, <c>name:version:replica_id</c>, as returned by <c>get_all_containers</c>.</summary>
    /// <returns>The model id and replica id separated by colons.</returns>
    public override string ToString() => Model.ToString() + ":" + ReplicaId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
