using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration;

/// <summary>
/// One immutable snapshot of the whole cluster configuration: applications (with their links), model
/// versions, the current version of each model, and connected replicas. Readers hold one reference and
/// never see a change half-applied; a change produces a new snapshot.
/// </summary>
public sealed class ClusterConfiguration
{
    /// <summary>The configuration of a cluster where nothing was registered yet (revision 0).</summary>
    public static ClusterConfiguration Empty { get; } = new(0, "", [], [], []);

    /// <summary>Builds a snapshot from records.</summary>
    /// <param name="revision">The store revision the snapshot was read at (see <see cref="Revision"/>).</param>
    /// <param name="epoch">The identity of the store's data set (see <see cref="Epoch"/>).</param>
    /// <param name="applications">The applications, with their linked models.</param>
    /// <param name="modelVersions">The model versions; <see cref="ModelVersionRecord.IsCurrent"/> marks the current ones.</param>
    /// <param name="replicas">The connected replicas.</param>
    /// <exception cref="ArgumentException">A name or key appears twice, or a model has two current versions.</exception>
    public ClusterConfiguration(
        long revision,
        string epoch,
        IEnumerable<ApplicationRecord> applications,
        IEnumerable<ModelVersionRecord> modelVersions,
        IEnumerable<ReplicaRecord> replicas)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        Revision = revision;
        Epoch = epoch;
        Applications = applications.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);
        ModelVersions = modelVersions.ToFrozenDictionary(m => m.Id);
        CurrentVersions = ModelVersions.Values.Where(m => m.IsCurrent).ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);
        Replicas = replicas.ToFrozenDictionary(r => r.Key);
    }

    /// <summary>
    /// The store's revision: incremented by every change, in the same transaction. Monotonic within one
    /// <see cref="Epoch"/>; it starts again from zero if Redis loses its data.
    /// </summary>
    public long Revision { get; }

    /// <summary>
    /// A random identity written with the first change to an empty store. It changes when Redis loses its
    /// data, so (<see cref="Epoch"/>, <see cref="Revision"/>) identifies a state even across such a loss.
    /// Empty before the first change.
    /// </summary>
    public string Epoch { get; }

    /// <summary>Applications by name.</summary>
    public FrozenDictionary<string, ApplicationRecord> Applications { get; }

    /// <summary>Model versions by name and version.</summary>
    public FrozenDictionary<ModelVersionId, ModelVersionRecord> ModelVersions { get; }

    /// <summary>The current version of each model, by model name. A model whose current version was deleted has none.</summary>
    public FrozenDictionary<string, ModelVersionRecord> CurrentVersions { get; }

    /// <summary>Connected replicas by model version and replica id.</summary>
    public FrozenDictionary<ReplicaKey, ReplicaRecord> Replicas { get; }

    /// <summary>Whether this snapshot describes the same stored state as another (same epoch and revision).</summary>
    /// <param name="other">The other snapshot.</param>
    /// <returns><see langword="true"/> when both were read at the same revision of the same data set.</returns>
    public bool IsSameStateAs(ClusterConfiguration other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Revision == other.Revision && string.Equals(Epoch, other.Epoch, StringComparison.Ordinal);
    }

    /// <summary>Finds an application by name.</summary>
    /// <param name="name">The application name.</param>
    /// <param name="application">The application when found.</param>
    /// <returns><see langword="true"/> when the application exists.</returns>
    public bool TryGetApplication(string name, [MaybeNullWhen(false)] out ApplicationRecord application) =>
        Applications.TryGetValue(name, out application);

    /// <summary>Finds the current version of a model.</summary>
    /// <param name="modelName">The model name.</param>
    /// <param name="model">The current version when the model has one.</param>
    /// <returns><see langword="true"/> when the model has a current version.</returns>
    public bool TryGetCurrentVersion(string modelName, [MaybeNullWhen(false)] out ModelVersionRecord model) =>
        CurrentVersions.TryGetValue(modelName, out model);

    /// <summary>Whether any version of a model is registered.</summary>
    /// <param name="modelName">The model name.</param>
    /// <returns><see langword="true"/> when at least one version exists.</returns>
    public bool HasModel(string modelName)
    {
        foreach (var id in ModelVersions.Keys)
        {
            if (string.Equals(id.Name, modelName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The applications a model is linked to, in name order.</summary>
    /// <param name="modelName">The model name.</param>
    /// <returns>The linked applications.</returns>
    public IReadOnlyList<ApplicationRecord> ApplicationsLinkedTo(string modelName) =>
        Applications.Values
            .Where(a => a.LinkedModels.Contains(modelName, StringComparer.Ordinal))
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
}
