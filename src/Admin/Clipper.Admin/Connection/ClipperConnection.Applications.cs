using System.Text.Json;

namespace Clipper.Admin.Connection;

public sealed partial class ClipperConnection
{
    /// <summary>Registers an application: its input type, the output answered when no model can, and its latency objective.</summary>
    public Task RegisterApplicationAsync(string name, string inputType, string defaultOutput, long sloMicros, CancellationToken cancellationToken = default) =>
        Management.PostAsync("add_app", new { name, input_type = inputType, default_output = defaultOutput, latency_slo_micros = sloMicros }, cancellationToken);

    /// <summary>Removes an application (its links go with it).</summary>
    public Task UnregisterApplicationAsync(string name, CancellationToken cancellationToken = default) =>
        Management.PostAsync("delete_app", new { name }, cancellationToken);

    /// <summary>Routes an application's queries to a model (its current version).</summary>
    public Task LinkModelToAppAsync(string appName, string modelName, CancellationToken cancellationToken = default) =>
        Management.PostAsync("add_model_links", new { app_name = appName, model_names = new[] { modelName } }, cancellationToken);

    /// <summary>Removes the link between an application and a model.</summary>
    public Task UnlinkModelFromAppAsync(string appName, string modelName, CancellationToken cancellationToken = default) =>
        Management.PostAsync("delete_model_links", new { app_name = appName, model_names = new[] { modelName } }, cancellationToken);

    /// <summary>Every application: names, or full records when <paramref name="verbose"/> (the management API's JSON).</summary>
    public Task<JsonElement> GetAllAppsAsync(bool verbose = false, CancellationToken cancellationToken = default) =>
        Management.QueryAsync("get_all_applications", new { verbose }, cancellationToken);

    /// <summary>One application's record.</summary>
    public Task<JsonElement> GetAppInfoAsync(string name, CancellationToken cancellationToken = default) =>
        Management.QueryAsync("get_application", new { name }, cancellationToken);

    /// <summary>The models linked to an application.</summary>
    public Task<JsonElement> GetLinkedModelsAsync(string appName, CancellationToken cancellationToken = default) =>
        Management.QueryAsync("get_linked_models", new { app_name = appName }, cancellationToken);
}
