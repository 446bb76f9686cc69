using Clipper.ContainerManagers.Kubernetes;
using k8s.Models;

namespace Clipper.ContainerManagers.Tests.Kubernetes;

/// <summary>
/// A Kubernetes cluster started with a gRPC port: the query container serves it on 8001, the query Service carries it as
/// its port <c>grpc</c>, and the cluster's gRPC address is read from that Service; only 0 is accepted as the port.
/// </summary>
public sealed class KubernetesGrpcTests
{
    [Fact]
    public void Container_WithGrpc_ServesTheGrpcPortAndDeclaresIt()
    {
        var container = KubernetesFrontend.Container("clipper:test", "10.96.0.5:6379", grpc: true);

        Assert.Contains("--grpc-port 8001", string.Join(' ', container.Args), StringComparison.Ordinal);
        var port = Assert.Single(container.Ports, p => p.Name == "grpc");
        Assert.Equal((8001, "TCP"), (port.ContainerPort, port.Protocol));
    }

    [Fact]
    public void Container_WithoutGrpc_HasNoGrpcPort()
    {
        var container = KubernetesFrontend.Container("clipper:test", "10.96.0.5:6379");

        Assert.DoesNotContain("--grpc-port", container.Args);
        Assert.DoesNotContain(container.Ports, p => p.ContainerPort == 8001);
    }

    [Fact]
    public void WithGrpc_PlainService_AddsTheGrpcPortAsH2cBesideHttp()
    {
        var service = KubernetesFrontend.WithGrpc(QueryService("NodePort"), grpc: true, tls: false);

        Assert.Equal(["http", "grpc"], service.Spec.Ports.Select(p => p.Name));
        var grpc = service.Spec.Ports[1];
        Assert.Equal((8001, "8001", "TCP", "kubernetes.io/h2c"), (grpc.Port, grpc.TargetPort.Value, grpc.Protocol, grpc.AppProtocol));
    }

    [Fact]
    public void WithGrpc_TlsService_AddsTheGrpcPortWithoutH2c()
    {
        var service = KubernetesFrontend.WithGrpc(QueryService("NodePort"), grpc: true, tls: true);

        Assert.Null(Assert.Single(service.Spec.Ports, p => p.Name == "grpc").AppProtocol);
    }

    [Fact]
    public void WithGrpc_Off_LeavesTheServiceAlone()
    {
        var service = KubernetesFrontend.WithGrpc(QueryService("NodePort"), grpc: false, tls: false);

        Assert.Equal(["http"], service.Spec.Ports.Select(p => p.Name));
        Assert.Null(KubernetesFrontend.GrpcAddress(service, "172.18.0.2"));
    }

    [Fact]
    public void GrpcAddress_NodePort_IsTheNodeAndTheGrpcNodePort()
    {
        var service = KubernetesFrontend.WithGrpc(QueryService("NodePort"), grpc: true, tls: false);
        service.Spec.Ports[0].NodePort = 31337;
        service.Spec.Ports[1].NodePort = 31801;

        Assert.Equal("172.18.0.2:31801", KubernetesFrontend.GrpcAddress(service, "172.18.0.2"));
        Assert.Null(KubernetesFrontend.GrpcAddress(service, nodeAddress: null));
    }

    [Fact]
    public void GrpcAddress_ClusterIpAndLoadBalancer_AreTheServiceAddressOnPort8001()
    {
        var inside = KubernetesFrontend.WithGrpc(QueryService("ClusterIP"), grpc: true, tls: false);
        inside.Spec.ClusterIP = "10.96.3.4";
        var balanced = KubernetesFrontend.WithGrpc(QueryService("LoadBalancer"), grpc: true, tls: false);

        Assert.Equal("10.96.3.4:8001", KubernetesFrontend.GrpcAddress(inside, null));
        Assert.Null(KubernetesFrontend.GrpcAddress(balanced, null));
        balanced.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "203.0.113.7" }] } };
        Assert.Equal("203.0.113.7:8001", KubernetesFrontend.GrpcAddress(balanced, null));
    }

    [Fact]
    public async Task StartClusterAsync_NonZeroGrpcPort_IsRefusedBeforeAnyObjectNamingTheServicePort()
    {
        var manager = new KubernetesContainerManager(new KubernetesClusterOptions { ClusterName = "prod", KubeConfigPath = "/nonexistent/kubeconfig" });

        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => manager.StartClusterAsync(new ClusterStartOptions { GrpcPort = 9001 }));

        Assert.Equal(
            "GrpcPort (--grpc-port) is 9001; on Kubernetes the query frontends serve gRPC on port 8001 of the query Service prod-query (port `grpc`; with --service-type NodePort, on a node port Kubernetes chooses): give 0.",
            refused.Message);
    }

    private static V1Service QueryService(string type) =>
        KubernetesObjects.Service("prod", "prod-query", "query", "prod-query", type, ("http", KubernetesObjects.QueryPort));
}
