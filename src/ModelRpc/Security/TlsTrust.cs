using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Clipper.ModelRpc.Security;

/// <summary>
/// How a client checks the certificate of a frontend it reaches over TLS: against the CA certificates of a PEM file
/// (<c>--tls-ca</c>, <c>CLIPPER_TLS_CA</c>; a self-signed server certificate may be its own CA), or against this
/// machine's CA store when no file is given. Either way the certificate must name the host the client asked for.
/// Verification is never turned off.
/// </summary>
public sealed class TlsTrust : IDisposable
{
    private readonly X509Certificate2Collection? _roots;
    private volatile string? _lastFailure;

    private TlsTrust(string? caPath, X509Certificate2Collection? roots)
    {
        CaPath = caPath;
        _roots = roots;
        Callback = OnRemoteCertificate;
    }

    /// <summary>Trust in this machine's CA store: for frontends whose certificates a public or company CA signed.</summary>
    public static TlsTrust MachineStore { get; } = new(null, null);

    /// <summary>The CA file trusted, or <see langword="null"/> for this machine's CA store.</summary>
    public string? CaPath { get; }

    /// <summary>The check, for <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/>; it records why it refused in <see cref="LastFailure"/>.</summary>
    public RemoteCertificateValidationCallback Callback { get; }

    /// <summary>Why the latest refused certificate was refused (the latest of any connection using this trust); <see langword="null"/> before any refusal.</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>Trust in the CA certificates of a PEM file, and in them only.</summary>
    /// <param name="path">The file: one or more <c>-----BEGIN CERTIFICATE-----</c> blocks.</param>
    /// <returns>The trust.</returns>
    /// <exception cref="ArgumentException">The file is missing, unreadable or holds no certificate; the message names it.</exception>
    public static TlsTrust FromCaFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text = TlsPem.ReadText(path, "TLS CA", "the CA certificates to trust", nameof(path));
        return new TlsTrust(Path.GetFullPath(path), TlsPem.Certificates(text, path, "TLS CA", nameof(path)));
    }

    /// <summary>The trust a CA file gives, or this machine's CA store when <paramref name="caPath"/> is null or empty.</summary>
    /// <param name="caPath">The CA file, or none.</param>
    /// <returns>The trust.</returns>
    /// <exception cref="ArgumentException">The file is missing, unreadable or holds no certificate.</exception>
    public static TlsTrust FromCaFileOrMachine(string? caPath) => string.IsNullOrEmpty(caPath) ? MachineStore : FromCaFile(caPath);

    /// <summary>The options of a TLS client reaching <paramref name="targetHost"/> with this trust: TLS 1.2 or 1.3.</summary>
    /// <param name="targetHost">The host name or address the certificate must name (SNI is sent for names).</param>
    /// <returns>New options.</returns>
    public SslClientAuthenticationOptions ClientOptions(string targetHost) => new()
    {
        TargetHost = targetHost,
        EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        RemoteCertificateValidationCallback = Callback,
    };

    /// <summary>An HTTP handler whose HTTPS connections are checked with this trust (and TLS 1.2 or 1.3); plain HTTP is unaffected.</summary>
    /// <returns>A new handler, for one <see cref="HttpClient"/>.</returns>
    public SocketsHttpHandler CreateHttpHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            RemoteCertificateValidationCallback = Callback,
        },
    };

    /// <summary>Whether a server's certificate is trusted, and why not when it is not.</summary>
    /// <param name="certificate">The certificate the server presented.</param>
    /// <param name="chain">The chain the platform built, whose extra certificates (the server's intermediates) are used.</param>
    /// <param name="errors">The platform's findings; its host name check is kept, its chain check replaced when a CA file is given.</param>
    /// <param name="failure">Why it is refused; null when trusted.</param>
    /// <returns><see langword="true"/> when trusted.</returns>
    public bool Verify(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, out string? failure)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            failure = "the server presented no certificate";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            failure = "the certificate does not name the host this client connected to in its subject alternative names (" + certificate.Subject + ")";
            return false;
        }

        if (_roots is null)
        {
            failure = errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
                ? "it does not chain to a CA this machine trusts (" + Describe(chain) + ")"
                : null;
            return failure is null;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);

        // A private CA publishes no revocation lists; expiry and signatures are still checked.
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            for (int i = 1; i < chain.ChainElements.Count; i++)
            {
                custom.ChainPolicy.ExtraStore.Add(chain.ChainElements[i].Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        bool trusted = custom.Build(leaf);
        failure = trusted ? null : "it does not chain to a CA in " + CaPath + " (" + Describe(custom) + ")";
        foreach (var element in custom.ChainElements)
        {
            element.Certificate.Dispose();
        }

        return trusted;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_roots is null)
        {
            return;
        }

        foreach (var root in _roots)
        {
            root.Dispose();
        }
    }

    private bool OnRemoteCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        bool trusted = Verify(certificate, chain, errors, out string? failure);
        if (!trusted)
        {
            _lastFailure = failure;
        }

        return trusted;
    }

    private static string Describe(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0)
        {
            return "no chain could be built";
        }

        var parts = new List<string>(chain.ChainStatus.Length);
        foreach (var status in chain.ChainStatus)
        {
            parts.Add(status.Status + ": " + status.StatusInformation.Trim());
        }

        return string.Join("; ", parts);
    }
}
