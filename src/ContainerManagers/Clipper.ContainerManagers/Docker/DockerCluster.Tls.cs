using Clipper.ModelRpc.Security;
using Clipper.ModelRpc.Serving;

namespace Clipper.ContainerManagers.Docker;

/// <content>
/// TLS for the cluster's frontends: the certificate (mode 444) and its key (root-only, 400) are copied into the
/// management and every query frontend before they start, the CA (444) into the query frontends and every replica,
/// which gets CLIPPER_TLS_CA. Replicas dial the frontends by container name (<c>NAME-query</c>, <c>NAME-query-1</c>...)
/// but check the certificate for 127.0.0.1, the name it must carry anyway for clients on this machine, so one
/// certificate serves both. The host keeps owner-only copies (the CA is the file clients verify with); a frontend
/// added later reads them, or the first frontend's, back.
/// </content>
internal sealed partial class DockerCluster
{
    /// <summary>The name replicas check the frontends' certificate for (CLIPPER_TLS_SERVER_NAME), whatever container they dial.</summary>
    public const string TlsServerName = "127.0.0.1";

    private const string TlsCertificateInside = "/run/clipper/tls-cert.pem";
    private const string TlsKeyInside = "/run/clipper/tls-key.pem";
    private const string TlsCaInside = "/run/clipper/tls-ca.pem";

    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The frontends' flags for the certificate and key; none without TLS.</summary>
    private static string[] TlsArguments(ContainerTls? tls) => tls is null ? [] : ["--tls-cert", TlsCertificateInside, "--tls-key", TlsKeyInside];

    /// <summary>The files a frontend gets: the certificate, its key root-only, and (for a query frontend) the CA, which replicas started later read back.</summary>
    private static void AddTlsFiles(List<(string InsidePath, string Text, UnixFileMode Mode)> files, ContainerTls? tls, bool withCa)
    {
        if (tls is null)
        {
            return;
        }

        files.Add((TlsCertificateInside, tls.CertificatePem, ReadableByAll));
        files.Add((TlsKeyInside, tls.KeyPem, UnixFileMode.UserRead));
        if (withCa)
        {
            files.Add((TlsCaInside, tls.CaPem, ReadableByAll));
        }
    }

    /// <summary>Keeps the host's owner-only copies of the TLS files; returns the CA's, which clients verify with.</summary>
    private string KeepTls(ContainerTls tls)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(HostTokenFile(TlsCaInside))!);
        SecretFile.Write(HostTokenFile(TlsCertificateInside), tls.CertificatePem);
        SecretFile.Write(HostTokenFile(TlsKeyInside), tls.KeyPem);
        SecretFile.Write(HostTokenFile(TlsCaInside), tls.CaPem);
        return HostTokenFile(TlsCaInside);
    }

    /// <summary>The TLS files of a running cluster whose frontend <paramref name="container"/> has them: the host's copies, else the container's.</summary>
    private async Task<ContainerTls> ReadTlsAsync(string container, CancellationToken cancellationToken)
    {
        var certificate = await ReadSecretAsync(TlsCertificateInside, container, cancellationToken).ConfigureAwait(false);
        var key = await ReadSecretAsync(TlsKeyInside, container, cancellationToken).ConfigureAwait(false);
        var ca = await ReadSecretAsync(TlsCaInside, container, cancellationToken).ConfigureAwait(false);
        return certificate is null || key is null || ca is null
            ? throw new ContainerManagerException($"Query frontend {QueryContainer} of cluster '{_cluster}' is labelled {DockerLabels.Tls} but {TlsCertificateInside}, {TlsKeyInside} or {TlsCaInside} is missing from it and from {Path.GetDirectoryName(HostTokenFile(TlsCaInside))}; restart the cluster with --tls-cert, --tls-key and --tls-ca.")
            : new ContainerTls(certificate, key, ca);
    }

    /// <summary>
    /// The CA file clients on this machine verify the frontends with: the host's copy, written again from the first
    /// frontend when this machine has none (another user's or machine's cluster on a shared engine).
    /// </summary>
    private async Task<string> ClientCaPathAsync(string queryContainer, CancellationToken cancellationToken)
    {
        var path = HostTokenFile(TlsCaInside);
        if (!File.Exists(path))
        {
            var ca = await ReadSecretAsync(TlsCaInside, queryContainer, cancellationToken).ConfigureAwait(false)
                ?? throw new ContainerManagerException($"Query frontend {QueryContainer} of cluster '{_cluster}' is labelled {DockerLabels.Tls} but has no {TlsCaInside}; give the CA with --tls-ca FILE.");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            SecretFile.Write(path, ca);
        }

        return path;
    }

    /// <summary>The CA that replicas verify the frontends with, from the first query frontend when it serves TLS; null for a plain cluster.</summary>
    private async Task<string?> ReadReplicaCaAsync(CancellationToken cancellationToken)
    {
        var query = await InspectAsync(QueryContainer, cancellationToken).ConfigureAwait(false);
        if (query?.Config.Labels is not { } labels || !labels.ContainsKey(DockerLabels.Tls))
        {
            return null;
        }

        return await ReadSecretAsync(TlsCaInside, query.ID, cancellationToken).ConfigureAwait(false)
            ?? throw new ContainerManagerException($"Query frontend {QueryContainer} of cluster '{_cluster}' serves TLS but has no {TlsCaInside}; replicas would not know which CA to trust. Restart the cluster with --tls-cert, --tls-key and --tls-ca.");
    }

    /// <summary>Gives a replica the CA and the variables that turn TLS on; the file goes in before it starts.</summary>
    private static Func<string, CancellationToken, Task>? AddReplicaTls(Dictionary<string, string> environment, string? ca, Func<string, IReadOnlyList<(string, string, UnixFileMode)>, CancellationToken, Task> put)
    {
        if (ca is null)
        {
            return null;
        }

        environment[ClipperEnvironment.TlsCa] = TlsCaInside;
        environment[ClipperEnvironment.TlsServerName] = TlsServerName;
        return (id, ct) => put(id, [(TlsCaInside, ca, ReadableByAll)], ct);
    }

    /// <summary>An HTTP client for the start's probes: it verifies the frontends with the cluster's CA when they serve HTTPS.</summary>
    private static HttpClient ProbeClient(TlsTrust? trust) => trust is null ? new HttpClient() : new HttpClient(trust.CreateHttpHandler());

    /// <summary>The scheme of the frontends' HTTP APIs.</summary>
    private static string SchemeOf(ContainerTls? tls) => tls is null ? "http" : "https";
}
