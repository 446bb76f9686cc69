using Clipper.ContainerManagers.Kubernetes;
using k8s.Models;

namespace Clipper.ContainerManagers.Tests.Kubernetes;

/// <summary>Both frontends' pods are probed on the frontends' own health paths: readiness on /readyz, liveness on /healthz.</summary>
public sealed class KubernetesProbeTests
{
    [Fact]
    public void Container_QueryFrontend_ProbesReadyzForReadinessAndHealthzForLiveness()
    {
        var container = KubernetesFrontend.Container("clipper:test", "10.96.0.5:6379");

        AssertProbes(container, KubernetesObjects.QueryPort);

        // The query frontend leaves the Services' endpoints at its first failed probe (its shutdown delay is short).
        Assert.Equal((1, 1), (container.ReadinessProbe.PeriodSeconds, container.ReadinessProbe.FailureThreshold));
    }

    [Fact]
    public void ManagementContainer_ProbesReadyzForReadinessAndHealthzForLiveness()
    {
        var container = KubernetesCluster.ManagementContainer("clipper:test", "10.96.0.5:6379");

        AssertProbes(container, KubernetesObjects.ManagementPort);
    }

    [Fact]
    public void AddFrontendTls_ManagementContainer_ProbesBothPathsOverHttps()
    {
        var container = KubernetesCluster.ManagementContainer("clipper:test", "10.96.0.5:6379");

        KubernetesCluster.AddFrontendTls(container, "c-tls");

        Assert.Equal(("HTTPS", "HTTPS"), (container.ReadinessProbe.HttpGet.Scheme, container.LivenessProbe.HttpGet.Scheme));
    }

    private static void AssertProbes(V1Container container, int port)
    {
        Assert.Equal(("/readyz", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.Equal(("/healthz", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));

        // A liveness failure restarts the container: only a process silent for half a minute, never a Redis outage.
        Assert.True(container.LivenessProbe.PeriodSeconds * container.LivenessProbe.FailureThreshold >= 30);
    }
}
