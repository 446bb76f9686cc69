using System.CommandLine;
using Clipper.ContainerManagers.Kubernetes;

namespace Clipper.Cli.Cluster;

/// <summary>The options of <c>clipper start --manager kubernetes</c>.</summary>
internal sealed class KubernetesStartOptions
{
    public Option<string?> ClipperImage { get; } = new("--clipper-image") { Description = "Kubernetes: the image of the clipper command line (frontends and example models), pullable by the nodes or present on them." };

    public Option<string?> RedisImage { get; } = new("--redis-image") { Description = "Kubernetes: the image of the Redis the cluster runs (entry point redis-server)." };

    public Option<string?> PrometheusImage { get; } = new("--prometheus-image") { Description = "Kubernetes: the image of the Prometheus a cluster started with --prometheus runs (`clipper images --prometheus` builds it)." };

    public Option<KubernetesServiceType> ServiceType { get; } = new("--service-type") { Description = "Kubernetes: how the frontends are exposed: NodePort, ClusterIP or LoadBalancer.", DefaultValueFactory = _ => KubernetesServiceType.NodePort };

    public Option<string?> RedisStorageClass { get; } = new("--redis-storage-class") { Description = "Kubernetes: keep Redis's data in a PersistentVolumeClaim of this storage class." };

    public Option<bool> CreateNamespace { get; } = new("--create-namespace") { Description = "Kubernetes: create the namespace when it does not exist." };

    public Option<string?> ApplyRole { get; } = new("--apply-role") { Description = "Kubernetes: apply the Role the manager needs, bound to this service account of the namespace." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(ClipperImage);
        command.Options.Add(RedisImage);
        command.Options.Add(PrometheusImage);
        command.Options.Add(ServiceType);
        command.Options.Add(RedisStorageClass);
        command.Options.Add(CreateNamespace);
        command.Options.Add(ApplyRole);
    }

    /// <summary>The Kubernetes settings given; null when the manager is not Kubernetes (and then none may be given).</summary>
    /// <exception cref="ArgumentException">A Kubernetes option was given for another manager.</exception>
    public KubernetesClusterOptions? Read(ParseResult result, string manager)
    {
        var options = new KubernetesClusterOptions
        {
            ClipperImage = result.GetValue(ClipperImage),
            RedisImage = result.GetValue(RedisImage),
            PrometheusImage = result.GetValue(PrometheusImage),
            ServiceType = result.GetValue(ServiceType),
            RedisStorageClass = result.GetValue(RedisStorageClass),
            CreateNamespace = result.GetValue(CreateNamespace),
            RoleForServiceAccount = result.GetValue(ApplyRole),
        };
        if (manager == "kubernetes")
        {
            return options;
        }

        return options.ClipperImage is null && options.RedisImage is null && options.PrometheusImage is null && options.ServiceType == KubernetesServiceType.NodePort
            && options.RedisStorageClass is null && !options.CreateNamespace && options.RoleForServiceAccount is null
            ? null
            : throw new ArgumentException($"--clipper-image, --redis-image, --prometheus-image, --service-type, --redis-storage-class, --create-namespace and --apply-role apply to --manager kubernetes only; --manager {manager} was given.");
    }
}
