using Clipper.ModelRpc.Security;

namespace Clipper.Admin.Management;

/// <content>TLS: with a certificate, the /admin API is served over HTTPS only. Off by default, as Clipper.</content>
public sealed partial class ManagementFrontendOptions
{
    /// <summary>A PEM file holding the frontend's TLS certificate (then any intermediate certificates); with <see cref="TlsKeyPath"/> it serves HTTPS. Default none: plain HTTP.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>A PEM file holding the certificate's unencrypted private key. Required with <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Reads the certificate and key the options name; null without TLS.</summary>
    /// <returns>The certificate, or null.</returns>
    /// <exception cref="ArgumentException">A file cannot be used; the message names it and what was expected, the parameter the option.</exception>
    internal TlsServerCertificate? LoadTlsCertificate() =>
        TlsServerCertificate.LoadConfigured(TlsCertificatePath, TlsKeyPath, nameof(TlsCertificatePath), nameof(TlsKeyPath));

    private void ValidateTls()
    {
        using var certificate = LoadTlsCertificate();
    }
}
