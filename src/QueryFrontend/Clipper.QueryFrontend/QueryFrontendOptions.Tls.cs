using Clipper.ModelRpc.Security;

namespace Clipper.QueryFrontend;

/// <content>
/// TLS: with a certificate, the HTTP ports serve HTTPS only, and the RPC port takes our protocol over TLS (told apart
/// by its first byte, 0x16) beside Clipper's ZeroMQ containers, which have no TLS. Off by default.
/// </content>
public sealed partial class QueryFrontendOptions
{
    /// <summary>
    /// A PEM file holding the frontend's TLS certificate (then any intermediate certificates). With <see cref="TlsKeyPath"/>
    /// it turns on HTTPS on the HTTP ports and TLS on the RPC port, where plain connections of our protocol are then
    /// accepted from loopback only. Default none: plain HTTP and TCP, as Clipper.
    /// </summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>A PEM file holding the certificate's unencrypted private key. Required with <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Whether TLS is configured.</summary>
    public bool UsesTls => !string.IsNullOrEmpty(TlsCertificatePath);

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
