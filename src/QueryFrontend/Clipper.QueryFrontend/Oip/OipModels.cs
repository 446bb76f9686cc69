using Clipper.QueryFrontend.Routing;

namespace Clipper.QueryFrontend.Oip;

/// <summary>Resolves the model and version a request addresses; shared by every transport of the protocol.</summary>
internal static class OipModels
{
    /// <summary>Finds a model version; without <paramref name="version"/>, the model's current version.</summary>
    public static OipLookup Resolve(RoutingSnapshot snapshot, string model, string? version, out OipTarget target)
    {
        target = default;
        if (!snapshot.Models.TryGetValue(model, out var route))
        {
            return OipLookup.UnknownModel;
        }

        var chosen = version ?? route.CurrentVersion;
        if (chosen is null)
        {
            return OipLookup.NoCurrentVersion;
        }

        if (!route.Versions.TryGetValue(chosen, out var runtime))
        {
            return OipLookup.UnknownVersion;
        }

        target = new OipTarget(route, chosen, runtime);
        return OipLookup.Found;
    }

    /// <summary>The message of a failed lookup, naming what exists instead.</summary>
    public static string Describe(OipLookup lookup, RoutingSnapshot snapshot, string model, string? version) => lookup switch
    {
        OipLookup.UnknownModel => $"Unknown model '{model}': no model of that name is registered. Register it with the management frontend (POST /admin/add_model).",
        OipLookup.UnknownVersion => $"Unknown version '{version}' of model '{model}'; its registered versions are: {string.Join(", ", snapshot.Models[model].VersionNames)}.",
        OipLookup.NoCurrentVersion => $"Model '{model}' has no current version (it was deleted); address a version explicitly, /v2/models/{model}/versions/{{version}}, one of: {string.Join(", ", snapshot.Models[model].VersionNames)}.",
        _ => "",
    };
}
