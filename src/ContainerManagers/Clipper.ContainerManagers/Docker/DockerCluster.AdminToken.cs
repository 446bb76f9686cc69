using System.Formats.Tar;
using Clipper.ModelRpc.Security;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <content>
/// The cluster's admin token: made at start, copied into the management container as a file only root can read
/// (before it starts, so it never runs without it), and kept on this machine owner-only for later clients;
/// a client on another machine with access to the engine reads it back from the container.
/// </content>
internal sealed partial class DockerCluster
{
    /// <summary>Where the management frontend reads its admin token inside its container.</summary>
    private const string AdminTokenInside = "/run/clipper/admin-token";

    /// <summary>The host's copy: <c>STATE_ROOT/docker/NAME/admin-token</c>, mode 600.</summary>
    private string AdminTokenFile => Path.Combine(Path.GetFullPath(_stateRoot), "docker", _cluster, "admin-token");

    /// <summary>Makes the token and keeps the host's copy.</summary>
    private ClusterToken CreateAdminToken()
    {
        var token = ClusterToken.Create();
        var directory = Path.GetDirectoryName(AdminTokenFile)!;
        Directory.CreateDirectory(directory);
        token.WriteFile(AdminTokenFile);
        return token;
    }

    /// <summary>Copies the token into a created, not yet started, container: root-owned, mode 400.</summary>
    private async Task PutAdminTokenAsync(string container, ClusterToken token, CancellationToken cancellationToken)
    {
        using var archive = new MemoryStream();
        await using (var tar = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var directory in (string[])["run/", "run/clipper/"])
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, directory) { Mode = (UnixFileMode)0b111_101_101 }, cancellationToken).ConfigureAwait(false);
            }

            var file = new PaxTarEntry(TarEntryType.RegularFile, AdminTokenInside.TrimStart('/'))
            {
                Mode = UnixFileMode.UserRead,
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(token.Value + "\n")),
            };
            await tar.WriteEntryAsync(file, cancellationToken).ConfigureAwait(false);
        }

        archive.Position = 0;
        await _docker.Containers.ExtractArchiveToContainerAsync(container, new ContainerPathStatParameters { Path = "/" }, archive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The token of the running cluster: the host's copy, else the management container's file; null when it has none.</summary>
    private async Task<ClusterToken?> ReadAdminTokenAsync(string? managementContainer, CancellationToken cancellationToken)
    {
        if (File.Exists(AdminTokenFile))
        {
            return ClusterToken.ReadFile(AdminTokenFile);
        }

        if (managementContainer is null)
        {
            return null;
        }

        try
        {
            var response = await _docker.Containers.GetArchiveFromContainerAsync(managementContainer, new GetArchiveFromContainerParameters { Path = AdminTokenInside }, statOnly: false, cancellationToken).ConfigureAwait(false);
            await using var stream = response.Stream;
            await using var tar = new TarReader(stream);
            while (await tar.GetNextEntryAsync(copyData: true, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType == TarEntryType.RegularFile && entry.DataStream is { } data)
                {
                    using var reader = new StreamReader(data);
                    return ClusterToken.Parse(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), $"{AdminTokenInside} in container {managementContainer}");
                }
            }
        }
        catch (DockerContainerNotFoundException)
        {
            // A cluster started before admin tokens existed: its management frontend serves loopback only.
        }

        return null;
    }

    /// <summary>Removes the host's copy of the token (stop-all, or a start that failed).</summary>
    private void DeleteAdminToken()
    {
        if (File.Exists(AdminTokenFile))
        {
            File.Delete(AdminTokenFile);
        }
    }
}
