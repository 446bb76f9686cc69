using System.Text.Json.Serialization;
using Clipper.ModelRpc.Security;

namespace Clipper.ContainerManagers;

/// <content>TLS for the cluster's frontends: off unless a certificate and key are given.</content>
public sealed partial record ClusterStartOptions
{
    /// <summary>
    /// A PEM file holding the frontends' TLS certificate (then any intermediates). With <see cref="TlsKeyPath"/>, the query
    /// and management APIs serve HTTPS and model replicas connect over TLS. Default none: plain HTTP and TCP.
    /// </summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>A PEM file holding the certificate's unencrypted private key. Required with <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>
    /// The PEM file of the CA the certificate chains to, given to replicas (<c>CLIPPER_TLS_CA</c>) and recorded for clients.
    /// Default: the certificate itself when it is self-signed, else none (this machine's CA store).
    /// </summary>
    public string? TlsCaPath { get; init; }

    /// <summary>Whether the frontends are to serve TLS.</summary>
    [JsonIgnore]
    public bool UsesTls => !string.IsNullOrEmpty(TlsCertificatePath);

    /// <summary>The options with every TLS file as an absolute path, for a process with another working directory.</summary>
    /// <returns>The options.</returns>
    public ClusterStartOptions WithFullTlsPaths() => this with
    {
        TlsCertificatePath = FullPath(TlsCertificatePath),
        TlsKeyPath = FullPath(TlsKeyPath),
        TlsCaPath = FullPath(TlsCaPath),
    };

    /// <summary>The CA file replicas and clients verify the frontends with: <see cref="TlsCaPath"/>, or the certificate when it is self-signed; null for the machine's CA store.</summary>
    /// <param name="certificate">The certificate <see cref="TlsCertificatePath"/> holds.</param>
    /// <returns>A file, or null.</returns>
    public string? EffectiveTlsCaPath(TlsServerCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return !string.IsNullOrEmpty(TlsCaPath) ? TlsCaPath : certificate.IsSelfSigned ? TlsCertificatePath : null;
    }

    /// <summary>Reads the certificate and key; null without TLS.</summary>
    /// <returns>The certificate, or null.</returns>
    /// <exception cref="ContainerManagerException">A file cannot be used, or the flags do not go together; the message names the flag, the file and what was expected.</exception>
    public TlsServerCertificate? LoadTlsCertificate()
    {
        if (string.IsNullOrEmpty(TlsCertificatePath) && string.IsNullOrEmpty(TlsKeyPath) && !string.IsNullOrEmpty(TlsCaPath))
        {
            throw new ContainerManagerException($"--tls-ca '{TlsCaPath}' was given to start a cluster without --tls-cert and --tls-key; expected all three for a cluster with TLS, or none.");
        }

        try
        {
            if (!string.IsNullOrEmpty(TlsCaPath))
            {
                // Read now so that a wrong CA file fails the start, not every replica later.
                using var _ = TlsTrust.FromCaFile(TlsCaPath);
            }

            return TlsServerCertificate.LoadConfigured(TlsCertificatePath, TlsKeyPath, "--tls-cert", "--tls-key");
        }
        catch (ArgumentException ex)
        {
            string message = ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            throw new ContainerManagerException(message.StartsWith("--tls-cert and", StringComparison.Ordinal) ? message : (ex.ParamName == "path" ? "--tls-ca" : ex.ParamName) + ": " + message, ex);
        }
    }

    /// <summary>Refuses a certificate that does not name <paramref name="host"/>, which clients or replicas check it for.</summary>
    /// <param name="certificate">The certificate <see cref="TlsCertificatePath"/> holds.</param>
    /// <param name="host">The DNS name or IP address it must carry.</param>
    /// <param name="why">Who checks that name, for the message (", and ... connect to 127.0.0.1").</param>
    /// <exception cref="ContainerManagerException">The certificate does not name it; the message says what to put in it.</exception>
    public void RequireTlsName(TlsServerCertificate certificate, string host, string why)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.Covers(host))
        {
            var name = System.Net.IPAddress.TryParse(host, out _) ? "IP:" + host : "DNS:" + host;
            var example = host == "127.0.0.1" ? "IP:127.0.0.1,DNS:localhost" : name + ",IP:127.0.0.1";
            throw new ContainerManagerException($"--tls-cert: the certificate in '{TlsCertificatePath}' does not name {host} among its subject alternative names{why}; expected a certificate with {name} (openssl req ... -addext \"subjectAltName={example}\").");
        }
    }

    private void ValidateTls()
    {
        using var certificate = LoadTlsCertificate();
    }

    private static string? FullPath(string? path) => string.IsNullOrEmpty(path) ? path : Path.GetFullPath(path);
}
