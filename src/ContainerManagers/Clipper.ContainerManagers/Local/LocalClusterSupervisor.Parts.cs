using Microsoft.Extensions.Logging;

namespace Clipper.ContainerManagers.Local;

/// <summary>Starting a cluster part (Redis, a frontend) and waiting until it answers, or saying why it did not.</summary>
internal sealed partial class LocalClusterSupervisor
{
    private SupervisedProcess StartPart(string id, IReadOnlyList<string> command)
    {
        var process = new SupervisedProcess(new ProcessSpec(id, command, new Dictionary<string, string>(), _paths.Root), _paths.LogOf(id), _backoff, _time, _loggers.CreateLogger("Clipper.ContainerManagers.Local." + id))
        {
            NoteFormat = _logFormat,
        };
        lock (_lock)
        {
            ThrowIfShutDownLocked();
            _parts[id] = process;
        }

        process.Start();
        SaveState();
        return process;
    }

    /// <summary>Waits until <paramref name="probe"/> succeeds; fails fast with the part's last log lines when it exits instead.</summary>
    private async Task WaitUntilAnswersAsync(SupervisedProcess part, Func<CancellationToken, Task<bool>> probe, CancellationToken deadline)
    {
        while (true)
        {
            if (part.State is ReplicaState.Failed || part.Restarts > 0)
            {
                throw new ContainerManagerException(PartFailure(part, part.LaunchError ?? $"it exited with code {part.LastExitCode} while starting"));
            }

            if (await probe(deadline).ConfigureAwait(false))
            {
                return;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new ContainerManagerException(PartFailure(part, "it did not answer in time"));
            }
        }
    }

    private string PartFailure(SupervisedProcess part, string why)
    {
        var tail = LogTail.Read(part.LogPath, 15);
        return $"The {part.Spec.Id} of cluster '{_cluster}' did not start: {why}. Its last log lines ({part.LogPath}):{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", tail);
    }
}
