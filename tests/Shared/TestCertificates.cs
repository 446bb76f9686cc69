using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clipper.Testing;

/// <summary>
/// TLS material made at test time in a temporary folder, as PEM files: a CA and a server certificate it signed
/// (naming localhost and 127.0.0.1), an unrelated CA, a self-signed server certificate, and an expired one. Linked as
/// source into the test projects. Disposing deletes the folder.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>The CA that signed <see cref="CertificatePath"/>.</summary>
    public string CaPath => Path.Combine(Directory, "ca.pem");

    /// <summary>A server certificate signed by the CA, for localhost and 127.0.0.1.</summary>
    public string CertificatePath => Path.Combine(Directory, "server.pem");

    public string KeyPath => Path.Combine(Directory, "server-key.pem");

    /// <summary>A CA that signed nothing here: trusting it alone must refuse the server.</summary>
    public string OtherCaPath => Path.Combine(Directory, "other-ca.pem");

    /// <summary>A self-signed server certificate for localhost and 127.0.0.1: its own CA.</summary>
    public string SelfSignedPath => Path.Combine(Directory, "self-signed.pem");

    public string SelfSignedKeyPath => Path.Combine(Directory, "self-signed-key.pem");

    /// <summary>A certificate signed by the CA that expired yesterday.</summary>
    public string ExpiredPath => Path.Combine(Directory, "expired.pem");

    public string ExpiredKeyPath => Path.Combine(Directory, "expired-key.pem");

    /// <summary>A certificate signed by the CA for frontend.example only: not for loopback.</summary>
    public string ElsewherePath => Path.Combine(Directory, "elsewhere.pem");

    public string ElsewhereKeyPath => Path.Combine(Directory, "elsewhere-key.pem");

    /// <summary>Makes the files; the server certificates also name <paramref name="extraAddresses"/> (a non-loopback address of this machine, say).</summary>
    public static TestCertificates Create(params IPAddress[] extraAddresses) => Create([], extraAddresses);

    /// <summary>Makes the files; the server certificates also name <paramref name="extraDnsNames"/> and <paramref name="extraAddresses"/>.</summary>
    public static TestCertificates Create(IReadOnlyList<string> extraDnsNames, params IPAddress[] extraAddresses)
    {
        var directory = Path.Combine(Path.GetTempPath(), "clipper-tls-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var made = new TestCertificates(directory);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa("CN=Clipper Test CA", caKey, now);
        File.WriteAllText(made.CaPath, ca.ExportCertificatePem());
        using (var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var other = CreateCa("CN=Some Other CA", otherKey, now))
        {
            File.WriteAllText(made.OtherCaPath, other.ExportCertificatePem());
        }

        WriteServer(made.CertificatePath, made.KeyPath, ca, now.AddDays(-1), now.AddDays(30), extraDnsNames, extraAddresses);
        WriteServer(made.ExpiredPath, made.ExpiredKeyPath, ca, now.AddDays(-30), now.AddDays(-1), extraDnsNames, extraAddresses);
        WriteServer(made.ElsewherePath, made.ElsewhereKeyPath, ca, now.AddDays(-1), now.AddDays(30), [], [], "frontend.example");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = ServerRequest(key, selfSigned: true, extraDnsNames, extraAddresses);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var selfSigned = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
            File.WriteAllText(made.SelfSignedPath, selfSigned.ExportCertificatePem());
            WriteKey(made.SelfSignedKeyPath, key);
        }

        return made;
    }

    /// <summary>Writes <paramref name="text"/> to a file of the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process of the test may still hold a file; the folder is in the temporary directory.
        }
    }

    private static X509Certificate2 CreateCa(string subject, ECDsa key, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-60), now.AddDays(60));
    }

    private static CertificateRequest ServerRequest(ECDsa key, bool selfSigned, IReadOnlyList<string> extraDnsNames, IPAddress[] extraAddresses, string? onlyName = null)
    {
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | (selfSigned ? X509KeyUsageFlags.KeyCertSign : 0), false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var names = new SubjectAlternativeNameBuilder();
        if (onlyName is not null)
        {
            names.AddDnsName(onlyName);
            request.CertificateExtensions.Add(names.Build());
            return request;
        }

        names.AddDnsName("localhost");
        foreach (var name in extraDnsNames)
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(IPAddress.Loopback);
        foreach (var address in extraAddresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        return request;
    }

    private static void WriteServer(string certificatePath, string keyPath, X509Certificate2 ca, DateTimeOffset notBefore, DateTimeOffset notAfter, IReadOnlyList<string> extraDnsNames, IPAddress[] extraAddresses, string? onlyName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(key, selfSigned: false, extraDnsNames, extraAddresses, onlyName);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var certificate = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        WriteKey(keyPath, key);
    }

    private static void WriteKey(string path, ECDsa key)
    {
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
