using Clipper.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Canary;

/// <summary>
/// The management frontend's canary loop: every <see cref="CanaryControllerOptions.Period"/> it reads the configuration
/// and, for each running canary, the frontends' windows of its current share, then rolls it back when a limit broke, or
/// widens or promotes it when its interval has passed with answers (<see cref="CanaryDecision"/>). Widening is a
/// compare-and-set, so a rollback by a frontend in between wins. A store outage is logged and the next tick tries again.
/// </summary>
internal sealed class CanaryController(
    IConfigurationStore store,
    ICanaryStatsStore stats,
    CanaryTransitions transitions,
    CanaryControllerOptions options,
    TimeProvider time,
    ILogger<CanaryController> logger) : BackgroundService
{
    /// <summary>The running canaries seen at the last tick, by application, to notice those a frontend finished.</summary>
    private readonly Dictionary<string, CanaryRecord> _running = new(StringComparer.Ordinal);

    /// <summary>One look at every canary. Public to the tests, which drive it with a fake clock.</summary>
    /// <param name="cancellationToken">Stops the look.</param>
    /// <returns>A task that completes when every running canary was checked.</returns>
    /// <exception cref="ConfigurationStoreException">The store could not be reached.</exception>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        var configuration = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        foreach (var app in configuration.Applications.Values)
        {
            if (app.Canary is not { } canary)
            {
                _running.Remove(app.Name);
                continue;
            }

            if (!canary.IsRunning)
            {
                if (_running.Remove(app.Name, out var seen) && seen.StartedAt == canary.StartedAt)
                {
                    transitions.Observed(app.Name, canary);
                }

                continue;
            }

            _running[app.Name] = canary;
            await CheckAsync(app.Name, canary, cancellationToken).ConfigureAwait(false);
        }

        // Applications deleted since the last tick.
        foreach (var name in _running.Keys.ToArray())
        {
            if (!configuration.Applications.ContainsKey(name))
            {
                _running.Remove(name);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                bounded.CancelAfter(options.Timeout);
                try
                {
                    await TickAsync(bounded.Token).ConfigureAwait(false);
                }
                catch (ConfigurationStoreException ex)
                {
                    CanaryLog.TickFailed(logger, options.Period.TotalMilliseconds, ex.Message);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    CanaryLog.TickFailed(logger, options.Period.TotalMilliseconds, $"the look took longer than {options.Timeout.TotalSeconds} s");
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(options.Period, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckAsync(string app, CanaryRecord canary, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var measure = CanaryMeasure.Sum(await stats.ReadAsync(app, cancellationToken).ConfigureAwait(false), canary.StepAt);
        var decision = CanaryDecision.Decide(canary, measure, now);
        switch (decision.Action)
        {
            case CanaryAction.RollBack:
                var rolledBack = await store.RollBackCanaryAsync(app, decision.Reason, cancellationToken).ConfigureAwait(false);
                if (Applied(app, "rollback", rolledBack))
                {
                    transitions.RolledBack(app, canary, decision.Reason);
                    _running.Remove(app);
                }

                break;
            case CanaryAction.Promote:
                var promoted = await store.PromoteCanaryAsync(app, decision.Reason, cancellationToken).ConfigureAwait(false);
                if (Applied(app, "promotion", promoted))
                {
                    transitions.Promoted(app, canary, decision.Reason);
                    _running.Remove(app);
                }

                break;
            case CanaryAction.Widen:
                var next = canary with { Percent = decision.Percent, StepAt = now };
                if (Applied(app, "widening", await store.SetCanaryAsync(app, canary, next, cancellationToken).ConfigureAwait(false)))
                {
                    transitions.Widened(app, canary, decision.Percent, decision.Reason);
                }

                break;
        }
    }

    private bool Applied(string app, string action, ConfigurationResult result)
    {
        if (!result.Succeeded)
        {
            // A conflict means someone else changed the canary first (a frontend's rollback): the next tick sees it.
            transitions.NotApplied(app, action, result.Error);
        }

        return result.Succeeded;
    }
}
