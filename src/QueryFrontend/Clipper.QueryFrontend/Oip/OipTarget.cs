using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Routing;

namespace Clipper.QueryFrontend.Oip;

/// <summary>A model version a request addressed, resolved against one routing snapshot.</summary>
/// <param name="Route">The model.</param>
/// <param name="Version">The version: the one in the address, or the model's current version.</param>
/// <param name="Runtime">The version's queue and replicas.</param>
internal readonly record struct OipTarget(ModelRoute Route, string Version, ModelVersionRuntime Runtime)
{
    /// <summary>Whether at least one replica of the version is connected to this frontend and takes batches (the protocol's "model ready").</summary>
    public bool IsReady => Runtime.Settings is not null && Runtime.HasReplicas;
}
