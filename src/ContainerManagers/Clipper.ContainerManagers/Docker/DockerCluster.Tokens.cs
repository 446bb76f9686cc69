using System.Formats.Tar;
using Clipper.ModelRpc.Security;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <content>
/// The cluster's tokens, made at start: the admin token (the management API) and the join token (model replicas).
/// Each is copied into the containers that check it as a file only root can read, before they start, and kept on
/// this machine owner-only for later clients; a client on another machine with access to the engine reads it back
/// from a container that has it.
/// </content>
internal sealed partial class DockerCluster
{
    /// <summary>Where the management frontend reads its admin token inside its container.</summary>
    private const string AdminTokenInside = "/run/clipper/admin-token";

    /// <summary>Where a query frontend reads the join token inside its container.</summary>
    private const string JoinTokenInside = "/run/clipper/join-token";

    /// <summary>The host's copy of a token: <c>STATE_ROOT/docker/NAME/FILE</c>, mode 600.</summary>
    private string HostTokenFile(string insidePath) => Path.Combine(Path.GetFullPath(_stateRoot), "docker", _cluster, Path.GetFileName(insidePath));

    /// <summary>Makes a token and keeps the host's copy.</summary>
    private ClusterToken CreateToken(string insidePath)
    {
        var token = ClusterToken.Create();
        var path = HostTokenFile(insidePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        token.WriteFile(path);
        return token;
    }

    /// <summary>Copies a token into a created, not yet started, container: root-owned, mode 400.</summary>
    private async Task PutTokenAsync(string container, ClusterToken token, string insidePath, CancellationToken cancellationToken)
    {
        using var archive = new MemoryStream();
        await using (var tar = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var directory in (string[])["run/", "run/clipper/"])
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, directory) { Mode = (UnixFileMode)0b111_101_101 }, cancellationToken).ConfigureAwait(false);
            }

            var file = new PaxTarEntry(TarEntryType.RegularFile, insidePath.TrimStart('/'))
            {
                Mode = UnixFileMode.UserRead,
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(token.Value + "\n")),
            };
            await tar.WriteEntryAsync(file, cancellationToken).ConfigureAwait(false);
        }

        archive.Position = 0;
        await _docker.Containers.ExtractArchiveToContainerAsync(container, new ContainerPathStatParameters { Path = "/" }, archive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A token of the running cluster: the host's copy, else the file in <paramref name="container"/>; null when neither has it.</summary>
    private async Task<ClusterToken?> ReadTokenAsync(string insidePath, string? container, CancellationToken cancellationToken)
    {
        var hostCopy = HostTokenFile(insidePath);
        if (File.Exists(hostCopy))
        {
            return ClusterToken.ReadFile(hostCopy);
        }

        if (container is null)
        {
            return null;
        }

        try
        {
            var response = await _docker.Containers.GetArchiveFromContainerAsync(container, new GetArchiveFromContainerParameters { Path = insidePath }, statOnly: false, cancellationToken).ConfigureAwait(false);
            await using var stream = response.Stream;
            await using var tar = new TarReader(stream);
            while (await tar.GetNextEntryAsync(copyData: true, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType == TarEntryType.RegularFile && entry.DataStream is { } data)
                {
                    using var reader = new StreamReader(data);
                    return ClusterToken.Parse(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), $"{insidePath} in container {container}");
                }
            }
        }
        catch (DockerContainerNotFoundException)
        {
            // A cluster started before tokens existed, or with --insecure-admin: its frontends check none.
        }

        return null;
    }

    /// <summary>The join token of the running cluster, from the host's copy or its first query frontend.</summary>
    private Task<ClusterToken?> ReadJoinTokenAsync(CancellationToken cancellationToken) => ReadTokenAsync(JoinTokenInside, QueryContainer, cancellationToken);

    /// <summary>Removes the host's copies of the tokens (stop-all, or a start that failed).</summary>
    private void DeleteTokens()
    {
        foreach (var insidePath in (string[])[AdminTokenInside, JoinTokenInside])
        {
            var hostCopy = HostTokenFile(insidePath);
            if (File.Exists(hostCopy))
            {
                File.Delete(hostCopy);
            }
        }
    }
}
