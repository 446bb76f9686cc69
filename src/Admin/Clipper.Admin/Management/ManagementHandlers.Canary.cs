using Clipper.Admin.Canary;
using Clipper.Configuration;

namespace Clipper.Admin.Management;

/// <summary>
/// Canary rollouts (ours): start, read, promote and roll back by hand. The controller (<see cref="CanaryController"/>)
/// widens, promotes and rolls back on its own; every transition made here is logged and counted like its.
/// </summary>
internal sealed partial class ManagementHandlers
{
    public async Task<Reply> StartCanaryAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadCanary(request, time.GetUtcNow(), out var appName, out var canary, out var failure))
        {
            return failure;
        }

        var result = await store.StartCanaryAsync(appName, canary, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Reply.Refused(result.Error);
        }

        // The store filled the baseline and the p99 limit: log what it holds.
        var configuration = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var started = configuration.TryGetApplication(appName, out var app) && app.Canary is { } stored ? stored : canary;
        canaryTransitions.Started(appName, started);
        return Reply.Text($"Started a canary on application '{appName}': {started.Percent}% of the queries of model '{started.Model}' go to version '{started.Version}', the rest to '{started.BaselineVersion}'");
    }

    public async Task<Reply> GetCanaryAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadString(request, "app_name", out var appName, out var failure))
        {
            return failure;
        }

        var configuration = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (!configuration.TryGetApplication(appName, out var app))
        {
            return Reply.Refused(Configuration.Validation.ConfigurationErrors.ApplicationNotFound(appName));
        }

        if (app.Canary is not { } canary)
        {
            return Reply.Json("{}");
        }

        var measure = canary.IsRunning
            ? CanaryMeasure.Sum(await canaryStats.ReadAsync(appName, cancellationToken).ConfigureAwait(false), canary.StepAt)
            : default;
        return Reply.Json(ManagementJson.Object(canary, (writer, c) => CanaryJson.Write(writer, c, measure)));
    }

    public async Task<Reply> PromoteCanaryAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadString(request, "app_name", out var appName, out var failure))
        {
            return failure;
        }

        var before = await RunningCanaryAsync(appName, cancellationToken).ConfigureAwait(false);
        var result = await store.PromoteCanaryAsync(appName, "promoted by hand", cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Reply.Refused(result.Error);
        }

        canaryTransitions.Promoted(appName, before!, "promoted by hand");
        return Reply.Text($"Promoted the canary of application '{appName}': version '{before!.Version}' is now the current version of model '{before.Model}'");
    }

    public async Task<Reply> RollBackCanaryAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadString(request, "app_name", out var appName, out var failure))
        {
            return failure;
        }

        var before = await RunningCanaryAsync(appName, cancellationToken).ConfigureAwait(false);
        var result = await store.RollBackCanaryAsync(appName, "rolled back by hand", cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Reply.Refused(result.Error);
        }

        if (before is null)
        {
            return Reply.Text($"The canary of application '{appName}' had already finished: nothing to roll back");
        }

        canaryTransitions.RolledBack(appName, before, "rolled back by hand");
        return Reply.Text($"Rolled back the canary of application '{appName}': every query of model '{before.Model}' goes to version '{before.BaselineVersion}'");
    }

    /// <summary>The running canary before a change, for the transition's log (the store decides whether the change applies).</summary>
    private async Task<CanaryRecord?> RunningCanaryAsync(string appName, CancellationToken cancellationToken)
    {
        var configuration = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        return configuration.TryGetApplication(appName, out var app) && app.Canary is { IsRunning: true } canary ? canary : null;
    }
}
