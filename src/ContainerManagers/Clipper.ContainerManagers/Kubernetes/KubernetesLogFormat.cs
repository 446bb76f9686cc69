using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// The cluster's log format on its Deployments' containers: the frontends' <c>--log-format</c>, the model containers'
/// <see cref="LogFormats.Variable"/>. Text adds nothing, so that what a Deployment was given by hand still decides.
/// </summary>
internal static class KubernetesLogFormat
{
    /// <summary>Adds <c>--log-format json</c> to a frontend container's arguments for a JSON cluster.</summary>
    public static void AddToFrontend(V1Container container, LogFormat format)
    {
        if (format == LogFormat.Json)
        {
            container.Args ??= [];
            foreach (var argument in LogFormats.Arguments(format))
            {
                container.Args.Add(argument);
            }
        }
    }

    /// <summary>Sets <see cref="LogFormats.Variable"/> in a model container's variables for a JSON cluster, over the deployment's own.</summary>
    public static void AddToModel(IDictionary<string, string> environment, LogFormat format)
    {
        if (format == LogFormat.Json)
        {
            environment[LogFormats.Variable] = LogFormats.ValueOf(format);
        }
    }
}
