using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

internal sealed partial class DockerCluster
{
    /// <summary>The last <paramref name="lines"/> lines a container wrote to stdout and stderr, in order; empty when it is gone.</summary>
    public async Task<IReadOnlyList<string>> TailAsync(string container, int lines, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        if (!await CopyLogsAsync(container, buffer, lines.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var tail = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.TrimEnd('\r') is { Length: > 0 } kept)
            {
                tail.Add(kept);
            }
        }

        return tail;
    }

    /// <summary>Writes everything a container logged (stdout and stderr interleaved as written) to <paramref name="path"/>; false when it is gone.</summary>
    public async Task<bool> WriteLogAsync(string container, string path, CancellationToken cancellationToken)
    {
        bool found;
        await using (var file = File.Create(path))
        {
            found = await CopyLogsAsync(container, file, "all", cancellationToken).ConfigureAwait(false);
        }

        if (!found)
        {
            // Removed meanwhile: no empty file is left for it.
            File.Delete(path);
        }

        return found;
    }

    private async Task<bool> CopyLogsAsync(string container, Stream target, string tail, CancellationToken cancellationToken)
    {
        MultiplexedStream logs;
        try
        {
            logs = await _docker.Containers.GetContainerLogsAsync(container, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = tail }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }

        using (logs)
        {
            await logs.CopyOutputToAsync(Stream.Null, target, target, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
