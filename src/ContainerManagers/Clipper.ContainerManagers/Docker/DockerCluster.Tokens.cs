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

    /// <summary>Where the frontends read the Redis password inside their containers.</summary>
    private const string RedisPasswordInside = "/run/clipper/redis-password";

    /// <summary>The configuration file the cluster's own Redis starts with: its password, kept off its command line.</summary>
    private const string RedisConfigInside = "/run/clipper/redis.conf";

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

    /// <summary>Copies a secret file into a created, not yet started, container: root-owned, mode 400.</summary>
    private async Task PutSecretAsync(string container, string secret, string insidePath, CancellationToken cancellationToken) =>
        await PutSecretsAsync(container, [(insidePath, secret)], cancellationToken).ConfigureAwait(false);

    /// <summary>Copies secret files (path, content) into a created, not yet started, container: root-owned, mode 400.</summary>
    private Task PutSecretsAsync(string container, IReadOnlyList<(string InsidePath, string Secret)> files, CancellationToken cancellationToken) =>
        PutFilesAsync(container, [.. files.Select(f => (f.InsidePath, f.Secret, UnixFileMode.UserRead))], cancellationToken);

    /// <summary>Copies files (path, content, mode) under /run/clipper/ into a created, not yet started, container: root-owned.</summary>
    private async Task PutFilesAsync(string container, IReadOnlyList<(string InsidePath, string Text, UnixFileMode Mode)> files, CancellationToken cancellationToken)
    {
        using var archive = new MemoryStream();
        await using (var tar = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var directory in (string[])["run/", "run/clipper/"])
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, directory) { Mode = (UnixFileMode)0b111_101_101 }, cancellationToken).ConfigureAwait(false);
            }

            foreach (var (insidePath, secret, mode) in files)
            {
                var file = new PaxTarEntry(TarEntryType.RegularFile, insidePath.TrimStart('/'))
                {
                    Mode = mode,
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(secret + "\n")),
                };
                await tar.WriteEntryAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        archive.Position = 0;
        await _docker.Containers.ExtractArchiveToContainerAsync(container, new ContainerPathStatParameters { Path = "/" }, archive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A token of the running cluster: the host's copy, else the file in <paramref name="container"/>; null when neither has it.</summary>
    private async Task<ClusterToken?> ReadTokenAsync(string insidePath, string? container, CancellationToken cancellationToken) =>
        await ReadSecretAsync(insidePath, container, cancellationToken).ConfigureAwait(false) is { } text
            ? ClusterToken.Parse(text, $"{insidePath} of cluster '{_cluster}'")
            : null;

    /// <summary>A secret of the running cluster: the host's copy, else the file in <paramref name="container"/>; null when neither has it.</summary>
    private async Task<string?> ReadSecretAsync(string insidePath, string? container, CancellationToken cancellationToken)
    {
        var hostCopy = HostTokenFile(insidePath);
        if (File.Exists(hostCopy))
        {
            return SecretFile.Read(hostCopy, Path.GetFileName(insidePath));
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
                    return (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Trim();
                }
            }
        }
        catch (DockerContainerNotFoundException)
        {
            // A cluster started before tokens existed, or with --insecure-admin, or a Redis without a password.
        }

        return null;
    }

    /// <summary>The join token of the running cluster, from the host's copy or its first query frontend.</summary>
    private Task<ClusterToken?> ReadJoinTokenAsync(CancellationToken cancellationToken) => ReadTokenAsync(JoinTokenInside, QueryContainer, cancellationToken);

    /// <summary>The frontends' flag for the Redis password file, when Redis has a password.</summary>
    private static string[] RedisLogin(string? redisPassword) => redisPassword is null ? [] : ["--redis-password-file", RedisPasswordInside];

    /// <summary>Keeps the host's owner-only copy of the Redis password, for frontends started later.</summary>
    private void KeepRedisPassword(string password)
    {
        var path = HostTokenFile(RedisPasswordInside);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SecretFile.Write(path, password);
    }

    /// <summary>Removes the host's copies of the tokens and TLS files (stop-all, or a start that failed).</summary>
    private void DeleteTokens()
    {
        foreach (var insidePath in (string[])[AdminTokenInside, JoinTokenInside, RedisPasswordInside, TlsCertificateInside, TlsKeyInside, TlsCaInside])
        {
            var hostCopy = HostTokenFile(insidePath);
            if (File.Exists(hostCopy))
            {
                File.Delete(hostCopy);
            }
        }
    }
}
