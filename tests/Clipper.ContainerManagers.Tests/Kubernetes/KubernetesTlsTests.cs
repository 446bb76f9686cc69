using Clipper.ContainerManagers.Kubernetes;
using k8s.Models;

namespace Clipper.ContainerManagers.Tests.Kubernetes;

/// <summary>The pieces of a Kubernetes cluster with TLS: frontends mount the certificate owner-only and probe over HTTPS; model pods mount the CA alone.</summary>
public sealed class KubernetesTlsTests
{
    [Fact]
    public void AddFrontendTls_QueryContainer_PointsTheFlagsAtAnOwnerOnlyReadOnlyMountAndProbesHttps()
    {
        var container = KubernetesFrontend.Container("clipper:test", "10.96.0.5:6379");

        var volume = KubernetesCluster.AddFrontendTls(container, "c-tls");

        var args = string.Join(' ', container.Args);
        Assert.Contains("--tls-cert /run/clipper/tls/tls.crt --tls-key /run/clipper/tls/tls.key", args, StringComparison.Ordinal);
        Assert.Equal("HTTPS", container.ReadinessProbe.HttpGet.Scheme);
        Assert.Equal("HTTPS", container.LivenessProbe.HttpGet.Scheme);
        var mount = Assert.Single(container.VolumeMounts);
        Assert.Equal(("tls", "/run/clipper/tls", true), (mount.Name, mount.MountPath, mount.ReadOnlyProperty == true));
        Assert.Equal("tls", volume.Name);
        Assert.Equal("c-tls", volume.Secret.SecretName);
        Assert.Equal(0b100_000_000, volume.Secret.DefaultMode);
        Assert.Equal(["tls.crt", "tls.key"], volume.Secret.Items.Select(i => i.Key));
    }

    [Fact]
    public void AddModelTls_ModelContainer_MountsOnlyTheCaAndSetsTheVariables()
    {
        var container = KubernetesObjects.Container("model", "sum:1", null, null, null);

        var volume = KubernetesCluster.AddModelTls(container, "c-tls", "c-query-rpc.default.svc");

        Assert.Equal("/run/clipper/tls/ca.crt", container.Env.Single(e => e.Name == "CLIPPER_TLS_CA").Value);
        Assert.Equal("c-query-rpc.default.svc", container.Env.Single(e => e.Name == "CLIPPER_TLS_SERVER_NAME").Value);
        Assert.Equal("/run/clipper/tls", Assert.Single(container.VolumeMounts).MountPath);
        Assert.Equal(["ca.crt"], volume.Secret.Items.Select(i => i.Key));
        Assert.Equal(0b100_100_100, volume.Secret.DefaultMode);
    }

    [Fact]
    public void TlsServerName_IsTheRpcServiceDnsName()
    {
        Assert.Equal("prod-query-rpc.serving.svc", KubernetesCluster.TlsServerName("prod", "serving"));
    }
}
