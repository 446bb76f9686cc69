using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clipper.ModelRpc.Security;

/// <summary>
/// A server's TLS certificate with its private key, read from PEM files (<c>--tls-cert</c>, <c>--tls-key</c>): the
/// certificate first in its file, followed by any intermediate certificates clients need to reach their CA.
/// </summary>
public sealed class TlsServerCertificate : IDisposable
{
    private TlsServerCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        Certificate = certificate;
        Intermediates = intermediates;
    }

    /// <summary>The certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificates after the first in the certificate file, sent with it during the handshake.</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>Whether the certificate is its own issuer, so that clients can trust it by itself as their CA file.</summary>
    public bool IsSelfSigned => Certificate.SubjectName.RawData.AsSpan().SequenceEqual(Certificate.IssuerName.RawData);

    /// <summary>Reads the certificate and its key, and checks that they belong together and that the certificate is valid now.</summary>
    /// <param name="certificatePath">A PEM file: <c>-----BEGIN CERTIFICATE-----</c>, the server's first, then intermediates.</param>
    /// <param name="keyPath">A PEM file holding the certificate's unencrypted private key (PKCS#8, RSA or EC).</param>
    /// <returns>The certificate.</returns>
    /// <exception cref="ArgumentException">A file is missing, unreadable, holds no such PEM block, the key is not the certificate's, or the certificate is not valid now; the message names the file and what was expected.</exception>
    public static TlsServerCertificate Load(string certificatePath, string keyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        ArgumentException.ThrowIfNullOrEmpty(keyPath);
        string certificateText = TlsPem.ReadText(certificatePath, "TLS certificate", "the server's certificate", nameof(certificatePath));
        var certificates = TlsPem.Certificates(certificateText, certificatePath, "TLS certificate", nameof(certificatePath));
        string keyText = TlsPem.ReadText(keyPath, "TLS key", "the certificate's private key", nameof(keyPath));
        TlsPem.RequirePrivateKey(keyText, keyPath, nameof(keyPath));
        X509Certificate2 withKey;
        try
        {
            using var pem = X509Certificate2.CreateFromPem(certificateText, keyText);

            // An ephemeral key cannot serve TLS on every platform; a PKCS#12 round trip gives the key a home.
            withKey = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // .NET says "the key does not match the certificate" with either, depending on the key's type.
            throw new ArgumentException($"The TLS key file '{keyPath}' does not hold the private key of the certificate in '{certificatePath}' ({ex.Message.Replace(" (Parameter 'privateKey')", "", StringComparison.Ordinal)}); expected the key the certificate was made for.", nameof(keyPath), ex);
        }

        var now = DateTime.Now;
        if (now < withKey.NotBefore || now > withKey.NotAfter)
        {
            string validity = string.Create(CultureInfo.InvariantCulture, $"{withKey.NotBefore.ToUniversalTime():u} to {withKey.NotAfter.ToUniversalTime():u}");
            withKey.Dispose();
            throw new ArgumentException($"The TLS certificate in '{certificatePath}' is valid from {validity}, not now; expected a certificate valid now.", nameof(certificatePath));
        }

        var intermediates = new X509Certificate2Collection();
        for (int i = 1; i < certificates.Count; i++)
        {
            intermediates.Add(certificates[i]);
        }

        certificates[0].Dispose();
        return new TlsServerCertificate(withKey, intermediates);
    }

    /// <summary>
    /// The certificate a server's settings name, or none when neither file is given: for options that take both files
    /// or neither. Errors name the option (or flag) given as <paramref name="certificateOption"/> or <paramref name="keyOption"/>.
    /// </summary>
    /// <param name="certificatePath">The certificate file, or null or empty.</param>
    /// <param name="keyPath">The key file, or null or empty.</param>
    /// <param name="certificateOption">The name of the certificate's setting, for messages and <see cref="ArgumentException.ParamName"/>.</param>
    /// <param name="keyOption">The name of the key's setting.</param>
    /// <returns>The certificate, or null.</returns>
    /// <exception cref="ArgumentException">Only one file is given, or a file cannot be used; the message names the file and what was expected, the parameter the setting.</exception>
    public static TlsServerCertificate? LoadConfigured(string? certificatePath, string? keyPath, string certificateOption, string keyOption)
    {
        bool hasCertificate = !string.IsNullOrEmpty(certificatePath);
        if (hasCertificate != !string.IsNullOrEmpty(keyPath))
        {
            string missing = hasCertificate ? keyOption : certificateOption;
            throw new ArgumentException($"{certificateOption} and {keyOption} go together; {missing} is missing.", missing);
        }

        if (!hasCertificate)
        {
            return null;
        }

        try
        {
            return Load(certificatePath!, keyPath!);
        }
        catch (ArgumentException ex)
        {
            // The message names the file and what it should hold; the parameter becomes the setting.
            string message = ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
            throw new ArgumentException(message, ex.ParamName == nameof(keyPath) ? keyOption : certificateOption, ex);
        }
    }

    /// <summary>Whether clients reaching the server at <paramref name="host"/> (a name or an IP address) find it in the certificate's subject alternative names.</summary>
    /// <param name="host">The host clients connect to.</param>
    /// <returns><see langword="true"/> when the certificate names it.</returns>
    public bool Covers(string host)
    {
        try
        {
            return Certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The certificate and its intermediates as an <see cref="SslStream"/> server uses them.</summary>
    /// <returns>A context built without fetching anything from the network.</returns>
    public SslStreamCertificateContext CreateContext() => SslStreamCertificateContext.Create(Certificate, Intermediates, offline: true);

    /// <summary>The certificate's subject and expiry, for a start-up log line.</summary>
    /// <returns>A short description.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Certificate.Subject} (valid until {Certificate.NotAfter.ToUniversalTime():u}, SHA-256 {Certificate.GetCertHashString(HashAlgorithmName.SHA256)})");

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }
}
