namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>How the query and management frontends' Services are exposed.</summary>
public enum KubernetesServiceType
{
    /// <summary>A port on every node (the default): any node's address answers.</summary>
    NodePort,

    /// <summary>A cluster-internal address only: clients run inside the cluster.</summary>
    ClusterIP,

    /// <summary>A load balancer the cloud provides (its address once the provider assigned one).</summary>
    LoadBalancer,
}
