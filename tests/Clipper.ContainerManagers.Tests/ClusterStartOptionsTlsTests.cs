using Clipper.ContainerManagers.Docker;
using Clipper.ContainerManagers.Kubernetes;
using Clipper.ContainerManagers.Local;

namespace Clipper.ContainerManagers.Tests;

/// <summary>TLS start options: files read and checked before anything starts, each mistake named by its flag, for every manager.</summary>
public sealed class ClusterStartOptionsTlsTests : IDisposable
{
    private readonly TestCertificates _files = TestCertificates.Create();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void EffectiveTlsCaPath_SelfSignedWithoutCa_IsTheCertificateItself()
    {
        var options = new ClusterStartOptions { TlsCertificatePath = _files.SelfSignedPath, TlsKeyPath = _files.SelfSignedKeyPath };
        using var certificate = options.LoadTlsCertificate()!;

        Assert.Equal(_files.SelfSignedPath, options.EffectiveTlsCaPath(certificate));
    }

    [Fact]
    public void EffectiveTlsCaPath_CaSignedWithoutCa_IsTheMachineStore()
    {
        var options = new ClusterStartOptions { TlsCertificatePath = _files.CertificatePath, TlsKeyPath = _files.KeyPath };
        using var certificate = options.LoadTlsCertificate()!;

        Assert.Null(options.EffectiveTlsCaPath(certificate));
    }

    [Fact]
    public void Validate_CertificateWithoutKey_NamesTheMissingFlag()
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { TlsCertificatePath = _files.CertificatePath }.Validate());

        Assert.Equal("--tls-cert and --tls-key go together; --tls-key is missing.", refused.Message);
    }

    [Fact]
    public void Validate_CaWithoutCertificate_IsRefused()
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { TlsCaPath = _files.CaPath }.Validate());

        Assert.Equal($"--tls-ca '{_files.CaPath}' was given to start a cluster without --tls-cert and --tls-key; expected all three for a cluster with TLS, or none.", refused.Message);
    }

    [Fact]
    public void Validate_CaFileWithoutCertificate_NamesTheCaFlagAndFile()
    {
        var empty = _files.Write("empty.pem", "");

        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { TlsCertificatePath = _files.CertificatePath, TlsKeyPath = _files.KeyPath, TlsCaPath = empty }.Validate());

        Assert.Equal($"--tls-ca: The TLS CA file '{empty}' holds no certificate; expected PEM text starting -----BEGIN CERTIFICATE-----.", refused.Message);
    }

    [Fact]
    public void Validate_KeyOfAnotherCertificate_NamesTheKeyFlag()
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { TlsCertificatePath = _files.CertificatePath, TlsKeyPath = _files.SelfSignedKeyPath }.Validate());

        Assert.StartsWith($"--tls-key: The TLS key file '{_files.SelfSignedKeyPath}' does not hold the private key of the certificate", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartClusterAsync_LocalWithACertificateNotNamingLoopback_IsRefusedBeforeAnythingStarts()
    {
        var stateRoot = Path.Combine(_files.Directory, "state");
        var manager = new LocalProcessContainerManager(new LocalClusterOptions { StateRoot = stateRoot });

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.StartClusterAsync(new ClusterStartOptions { TlsCertificatePath = _files.ElsewherePath, TlsKeyPath = _files.ElsewhereKeyPath }));

        Assert.StartsWith($"--tls-cert: the certificate in '{_files.ElsewherePath}' does not name 127.0.0.1 among its subject alternative names", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(stateRoot), "nothing was written");
    }

    [Fact]
    public async Task StartClusterAsync_LocalWithAMissingKey_NamesTheKeyFlagBeforeAnythingStarts()
    {
        var stateRoot = Path.Combine(_files.Directory, "state");
        var missing = Path.Combine(_files.Directory, "missing-key.pem");
        var manager = new LocalProcessContainerManager(new LocalClusterOptions { StateRoot = stateRoot });

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.StartClusterAsync(new ClusterStartOptions { TlsCertificatePath = _files.CertificatePath, TlsKeyPath = missing }));

        Assert.Equal($"--tls-key: The TLS key file '{missing}' does not exist; expected a PEM file holding the certificate's private key.", refused.Message);
        Assert.False(Directory.Exists(stateRoot), "nothing was written");
    }

    [Fact]
    public async Task StartClusterAsync_DockerOrKubernetesWithACaSignedCertificateAndNoCa_AsksForTheCaBeforeAnythingStarts()
    {
        var stateRoot = Path.Combine(_files.Directory, "state");
        var options = new ClusterStartOptions { TlsCertificatePath = _files.CertificatePath, TlsKeyPath = _files.KeyPath };
        foreach (var manager in Managers(stateRoot))
        {
            var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.StartClusterAsync(options));

            Assert.Equal($"--tls-ca: the certificate in '{_files.CertificatePath}' is not self-signed and no --tls-ca was given; --manager {manager.Kind} gives its model containers the CA file to verify the frontends with (a container has no CA store of this machine); expected --tls-ca FILE, a PEM file of the CA that signed the certificate.", refused.Message);
        }

        Assert.False(Directory.Exists(stateRoot), "nothing was written");
    }

    [Fact]
    public async Task StartClusterAsync_DockerWithACertificateNotNamingLoopback_NamesWhatItMustCarry()
    {
        var stateRoot = Path.Combine(_files.Directory, "state");
        var manager = Managers(stateRoot)[0];

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.StartClusterAsync(new ClusterStartOptions { TlsCertificatePath = _files.ElsewherePath, TlsKeyPath = _files.ElsewhereKeyPath, TlsCaPath = _files.CaPath }));

        Assert.Equal($"--tls-cert: the certificate in '{_files.ElsewherePath}' does not name 127.0.0.1 among its subject alternative names, and a Docker cluster's clients reach its frontends on ports published on 127.0.0.1, and its model containers check that name; expected a certificate with IP:127.0.0.1 (openssl req ... -addext \"subjectAltName=IP:127.0.0.1,DNS:localhost\").", refused.Message);
        Assert.False(Directory.Exists(stateRoot), "nothing was written");
    }

    [Fact]
    public async Task StartClusterAsync_KubernetesWithACertificateNotNamingTheRpcService_NamesTheServiceDnsName()
    {
        var manager = new KubernetesContainerManager(new KubernetesClusterOptions { ClusterName = "tls", Namespace = "serving", KubeConfigPath = Path.Combine(_files.Directory, "missing-kubeconfig") });

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.StartClusterAsync(new ClusterStartOptions { TlsCertificatePath = _files.CertificatePath, TlsKeyPath = _files.KeyPath, TlsCaPath = _files.CaPath }));

        Assert.Equal($"--tls-cert: the certificate in '{_files.CertificatePath}' does not name tls-query-rpc.serving.svc among its subject alternative names, and a Kubernetes cluster's model pods check the frontends' certificate for the DNS name of its RPC Service, tls-query-rpc.serving.svc; expected a certificate with DNS:tls-query-rpc.serving.svc (openssl req ... -addext \"subjectAltName=DNS:tls-query-rpc.serving.svc,IP:127.0.0.1\").", refused.Message);
    }

    [Fact]
    public void ContainerTlsLoad_SelfSignedWithoutCa_UsesTheCertificateAsTheCa()
    {
        var tls = ContainerTls.Load(new ClusterStartOptions { TlsCertificatePath = _files.SelfSignedPath, TlsKeyPath = _files.SelfSignedKeyPath }, "docker", ("127.0.0.1", ""))!;

        Assert.Equal(File.ReadAllText(_files.SelfSignedPath).Trim(), tls.CaPem);
        Assert.Equal(tls.CertificatePem, tls.CaPem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", tls.KeyPem, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", tls.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerTlsLoad_WithoutCertificate_IsNull()
    {
        Assert.Null(ContainerTls.Load(new ClusterStartOptions(), "docker"));
    }

    private static IContainerManager[] Managers(string stateRoot) =>
    [
        new DockerContainerManager(new DockerClusterOptions { DockerEndpoint = new Uri("unix:///nonexistent/docker.sock"), StateRoot = stateRoot }),
        new KubernetesContainerManager(new KubernetesClusterOptions { KubeConfigPath = Path.Combine(stateRoot, "missing-kubeconfig") }),
    ];
}
