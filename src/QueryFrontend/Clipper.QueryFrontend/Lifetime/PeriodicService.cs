using Microsoft.Extensions.Hosting;

namespace Clipper.QueryFrontend.Lifetime;

/// <summary>
/// A background loop that does one round of work every <see cref="Period"/> until the frontend stops: the frontend's
/// readers and writers of shared state in Redis (learned weights, canary windows). A round must bound its own waits.
/// </summary>
internal abstract class PeriodicService : BackgroundService
{
    private readonly TimeProvider _time;

    protected PeriodicService(TimeSpan period, TimeProvider time)
    {
        Period = period;
        _time = time;
    }

    /// <summary>The time between the end of one round and the start of the next.</summary>
    public TimeSpan Period { get; }

    /// <summary>One round; a cancelled token means the frontend is stopping.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Period, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
