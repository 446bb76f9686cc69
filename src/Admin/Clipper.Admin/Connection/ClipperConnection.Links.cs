using System.Text.Json;
using Clipper.Configuration;

namespace Clipper.Admin.Connection;

/// <summary>Several models per application (ours, beside Clipper's one link): link options and selection policies.</summary>
public sealed partial class ClipperConnection
{
    private const string ApplicationFields = "name, input_type, default_output, latency_slo_micros, linked_models, policy, links";

    /// <summary>
    /// Links a model to an application with options, or changes the options of a link: unlike
    /// <see cref="LinkModelToAppAsync"/> (Clipper's one link), an application may have several. A new link needs the model's
    /// current version to have the application's input type.
    /// </summary>
    /// <param name="appName">The application.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="weight">Its share of the queries under <see cref="SelectionPolicy.Split"/>: its weight over the sum of the served links' weights (0 to 1,000,000; 0 sends it none).</param>
    /// <param name="shadowPercent">0 for a served link; 1 to 100 for a shadow, sent that percentage of the queries, whose answers are compared and never returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task SetModelLinkAsync(string appName, string modelName, int weight = ModelLink.DefaultWeight, int shadowPercent = 0, CancellationToken cancellationToken = default) =>
        Management.PostAsync("set_model_link", new { app_name = appName, model_name = modelName, weight, shadow_percent = shadowPercent }, cancellationToken);

    /// <summary>Sets how an application chooses among its served models.</summary>
    /// <param name="appName">The application.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task SetSelectionPolicyAsync(string appName, SelectionPolicy policy, CancellationToken cancellationToken = default) =>
        Management.PostAsync("set_app_policy", new { app_name = appName, policy = policy.ToName() }, cancellationToken);

    /// <summary>One application with its policy and links; null when it is not registered.</summary>
    /// <param name="name">The application.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ApplicationInfo?> GetApplicationAsync(string name, CancellationToken cancellationToken = default)
    {
        var json = await GetAppInfoAsync(name, cancellationToken).ConfigureAwait(false);
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("name", out _) ? ReadApplication(json) : null;
    }

    /// <summary>Every application with its policy and links, ordered by name.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<ApplicationInfo>> GetApplicationsAsync(CancellationToken cancellationToken = default)
    {
        var json = await GetAllAppsAsync(verbose: true, cancellationToken).ConfigureAwait(false);
        return Read(() => json.EnumerateArray().Select(ReadApplication).ToList(), "get_all_applications", ApplicationFields);
    }

    /// <summary>
    /// Reads an application's answer. A frontend that predates our fields answers only Clipper's: its policy reads as split
    /// and its linked models as served links of weight 1, which is how it serves them.
    /// </summary>
    internal static ApplicationInfo ReadApplication(JsonElement app) => Read(
        () =>
        {
            var links = new List<ModelLink>();
            if (app.TryGetProperty("links", out var options))
            {
                foreach (var link in options.EnumerateArray())
                {
                    links.Add(new ModelLink
                    {
                        Model = link.GetProperty("model_name").GetString()!,
                        Weight = link.GetProperty("weight").GetInt32(),
                        ShadowPercent = link.GetProperty("shadow_percent").GetInt32(),
                    });
                }
            }
            else
            {
                links.AddRange(app.GetProperty("linked_models").EnumerateArray().Select(m => ModelLink.Default(m.GetString()!)));
            }

            var policy = SelectionPolicy.Split;
            if (app.TryGetProperty("policy", out var policyName) && !SelectionPolicies.TryParse(policyName.GetString(), out policy))
            {
                throw new FormatException($"unknown policy '{policyName.GetString()}' (expected one of {SelectionPolicies.Names})");
            }

            return new ApplicationInfo(
                app.GetProperty("name").GetString()!,
                app.GetProperty("input_type").GetString()!,
                app.GetProperty("default_output").GetString()!,
                app.GetProperty("latency_slo_micros").GetInt64(),
                policy,
                links);
        },
        "get_application",
        ApplicationFields);
}
