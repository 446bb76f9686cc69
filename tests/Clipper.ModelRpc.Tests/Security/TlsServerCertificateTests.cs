using Clipper.ModelRpc.Security;

namespace Clipper.ModelRpc.Tests.Security;

/// <summary>The server certificate read from PEM files: what loads, and the precise refusal of every bad file.</summary>
public sealed class TlsServerCertificateTests : IDisposable
{
    private readonly TestCertificates _files = TestCertificates.Create();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Load_CertificateAndItsKey_HoldsTheKeyAndNamesLoopback()
    {
        using var certificate = TlsServerCertificate.Load(_files.CertificatePath, _files.KeyPath);

        Assert.True(certificate.Certificate.HasPrivateKey);
        Assert.True(certificate.Covers("127.0.0.1"));
        Assert.True(certificate.Covers("localhost"));
        Assert.False(certificate.Covers("10.1.2.3"));
        Assert.False(certificate.IsSelfSigned);
        Assert.Empty(certificate.Intermediates);
    }

    [Fact]
    public void Load_SelfSignedCertificate_SaysItIsSelfSigned()
    {
        using var certificate = TlsServerCertificate.Load(_files.SelfSignedPath, _files.SelfSignedKeyPath);

        Assert.True(certificate.IsSelfSigned);
    }

    [Fact]
    public void Load_CertificateFollowedByItsCa_SendsTheCaAsIntermediate()
    {
        var bundle = _files.Write("bundle.pem", File.ReadAllText(_files.CertificatePath) + "\n" + File.ReadAllText(_files.CaPath));

        using var certificate = TlsServerCertificate.Load(bundle, _files.KeyPath);

        Assert.Equal("CN=localhost", certificate.Certificate.Subject);
        Assert.Equal("CN=Clipper Test CA", Assert.Single(certificate.Intermediates).Subject);
    }

    [Fact]
    public void Load_MissingCertificateFile_NamesTheFileAndWhatWasExpected()
    {
        var missing = Path.Combine(_files.Directory, "nowhere.pem");

        var error = Assert.Throws<ArgumentException>(() => TlsServerCertificate.Load(missing, _files.KeyPath));

        Assert.Equal("certificatePath", error.ParamName);
        Assert.StartsWith($"The TLS certificate file '{missing}' does not exist; expected a PEM file holding the server's certificate.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CertificateFileWithoutCertificate_SaysItHoldsNone()
    {
        var text = _files.Write("not-a-cert.pem", "hello\n");

        var error = Assert.Throws<ArgumentException>(() => TlsServerCertificate.Load(text, _files.KeyPath));

        Assert.StartsWith($"The TLS certificate file '{text}' holds no certificate; expected PEM text starting -----BEGIN CERTIFICATE-----.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyFileHoldingACertificate_SaysItHoldsNoPrivateKey()
    {
        var error = Assert.Throws<ArgumentException>(() => TlsServerCertificate.Load(_files.CertificatePath, _files.CaPath));

        Assert.Equal("keyPath", error.ParamName);
        Assert.StartsWith($"The TLS key file '{_files.CaPath}' holds no private key; expected PEM text starting -----BEGIN PRIVATE KEY-----", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncryptedKey_AsksForAnUnencryptedOne()
    {
        var encrypted = _files.Write("encrypted.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

        var error = Assert.Throws<ArgumentException>(() => TlsServerCertificate.Load(_files.CertificatePath, encrypted));

        Assert.StartsWith($"The TLS key file '{encrypted}' holds an encrypted private key; expected an unencrypted one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_SaysTheyDoNotMatch()
    {
        var error = Assert.Throws<ArgumentException>(() => TlsServerCertificate.Load(_files.CertificatePath, _files.SelfSignedKeyPath));

        Assert.Equal("keyPath", error.ParamName);
        Assert.Contains($"The TLS key file '{_files.SelfSignedKeyPath}' does not hold the private key of the certificate in '{_files.CertificatePath}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExpiredCertificate_SaysWhenItWasValid()
    {
        var error = Assert.Throws<ArgumentException>(() => TlsServerCertificate.Load(_files.ExpiredPath, _files.ExpiredKeyPath));

        Assert.Contains($"The TLS certificate in '{_files.ExpiredPath}' is valid from ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not now; expected a certificate valid now.", error.Message, StringComparison.Ordinal);
    }
}
