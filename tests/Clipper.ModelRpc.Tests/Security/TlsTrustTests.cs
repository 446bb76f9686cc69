using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Clipper.ModelRpc.Security;

namespace Clipper.ModelRpc.Tests.Security;

/// <summary>Client verification of a real TLS handshake over loopback: the right CA passes, anything else is refused with its reason.</summary>
public sealed class TlsTrustTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly TestCertificates _files = TestCertificates.Create();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Verify_CertificateSignedByTheCaFile_IsTrusted()
    {
        using var trust = TlsTrust.FromCaFile(_files.CaPath);

        await HandshakeAsync(_files.CertificatePath, _files.KeyPath, trust, "127.0.0.1");

        Assert.Null(trust.LastFailure);
    }

    [Fact]
    public async Task Verify_SelfSignedCertificateAsItsOwnCa_IsTrusted()
    {
        using var trust = TlsTrust.FromCaFile(_files.SelfSignedPath);

        await HandshakeAsync(_files.SelfSignedPath, _files.SelfSignedKeyPath, trust, "localhost");
    }

    [Fact]
    public async Task Verify_AnotherCa_IsRefusedNamingTheCaFile()
    {
        using var trust = TlsTrust.FromCaFile(_files.OtherCaPath);

        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync(_files.CertificatePath, _files.KeyPath, trust, "127.0.0.1"));

        Assert.StartsWith($"it does not chain to a CA in {_files.OtherCaPath} (", trust.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_HostTheCertificateDoesNotName_IsRefusedForTheName()
    {
        using var trust = TlsTrust.FromCaFile(_files.CaPath);

        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync(_files.CertificatePath, _files.KeyPath, trust, "frontend.example"));

        Assert.StartsWith("the certificate does not name the host this client connected to", trust.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MachineStoreAndAPrivateCa_IsRefused()
    {
        var trust = TlsTrust.MachineStore;

        await Assert.ThrowsAsync<AuthenticationException>(() => HandshakeAsync(_files.CertificatePath, _files.KeyPath, trust, "127.0.0.1"));

        Assert.StartsWith("it does not chain to a CA this machine trusts (", trust.LastFailure, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCaFile_FileWithoutCertificate_NamesTheFile()
    {
        var text = _files.Write("empty.pem", "");

        var error = Assert.Throws<ArgumentException>(() => TlsTrust.FromCaFile(text));

        Assert.StartsWith($"The TLS CA file '{text}' holds no certificate; expected PEM text starting -----BEGIN CERTIFICATE-----.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A TLS server with the certificate and a client with the trust, over a real loopback connection.</summary>
    private static async Task HandshakeAsync(string certificatePath, string keyPath, TlsTrust trust, string targetHost)
    {
        using var certificate = TlsServerCertificate.Load(certificatePath, keyPath);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await clientSocket.ConnectAsync(listener.LocalEndPoint!);
        using var serverSocket = await listener.AcceptAsync();
        await using var server = new SslStream(new NetworkStream(serverSocket, ownsSocket: false));
        await using var client = new SslStream(new NetworkStream(clientSocket, ownsSocket: false));
        using var timeout = new CancellationTokenSource(s_timeout);
        var serving = server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = certificate.CreateContext() }, timeout.Token);
        try
        {
            await client.AuthenticateAsClientAsync(trust.ClientOptions(targetHost), timeout.Token);
        }
        finally
        {
            clientSocket.Shutdown(SocketShutdown.Both);
            await serving.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }
}
