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
    internal TlsServerCertificate? LoadTlsCertificate()
    {
        bool hasCertificate = !string.IsNullOrEmpty(TlsCertificatePath);
        if (hasCertificate != !string.IsNullOrEmpty(TlsKeyPath))
        {
            string missing = hasCertificate ? nameof(TlsKeyPath) : nameof(TlsCertificatePath);
            throw new ArgumentException($"{nameof(TlsCertificatePath)} and {nameof(TlsKeyPath)} go together; {missing} is missing.", missing);
        }

        if (!hasCertificate)
        {
            return null;
        }

        try
        {
            return TlsServerCertificate.Load(TlsCertificatePath!, TlsKeyPath!);
        }
        catch (ArgumentException ex)
        {
            // The message names the file and what it should hold; the parameter becomes the option.
            string message = ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            throw new ArgumentException(message, ex.ParamName == "keyPath" ? nameof(TlsKeyPath) : nameof(TlsCertificatePath), ex);
        }
    }

    private void ValidateTls()
    {
        using var certificate = LoadTlsCertificate();
    }
}
