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
                    Since = new DateTimeOffset(container.Created.ToUniversalTime()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                    Until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
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

    /// <summary>Keeps the exit code of the last <c>die</c> event (events are reported synchronously, in order).</summary>
    private sealed class DieEvents : IProgress<Message>
    {
        private string? _last;

        public string? LastExitCode => Volatile.Read(ref _last);

        public void Report(Message value)
        {
            if (value.Actor?.Attributes is { } attributes && attributes.TryGetValue("exitCode", out var code))
            {
                Volatile.Write(ref _last, code);
            }
        }
    }
}
