using System.Globalization;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

internal sealed partial class DockerCluster
{
    /// <summary>
    /// The exit code of a container's last exit. The engine clears its state's exit code when the restart policy
    /// starts it again, so a restarted container's last exit is read from the engine's <c>die</c> events.
    /// </summary>
    public async Task<int?> LastExitCodeAsync(ContainerInspectResponse container, CancellationToken cancellationToken)
    {
        if (container.State.Status == "created")
        {
            return null;
        }

        if (!container.State.Running || container.State.Restarting)
        {
            return (int)container.State.ExitCode;
        }

        if (container.RestartCount == 0)
        {
            return null;
        }

        string? last;
        var collector = new DieEvents();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await _docker.System.MonitorEventsAsync(
                new ContainerEventsParameters
                {
                    Since = UnixTime(new DateTimeOffset(container.Created.ToUniversalTime()).AddSeconds(-1)),
                    Until = UnixTime(DateTimeOffset.UtcNow),
                    Filters = new Dictionary<string, IDictionary<string, bool>>
                    {
                        ["container"] = new Dictionary<string, bool> { [container.ID] = true },
                        ["event"] = new Dictionary<string, bool> { ["die"] = true },
                    },
                },
                collector,
                timeout.Token).ConfigureAwait(false);
            last = collector.LastExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            last = collector.LastExitCode;
        }

        return int.TryParse(last, CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    /// <summary>The engine's time format for event ranges: seconds and nanoseconds since the epoch (the stream ends at <c>until</c>).</summary>
    private static string UnixTime(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}");
    }
}
