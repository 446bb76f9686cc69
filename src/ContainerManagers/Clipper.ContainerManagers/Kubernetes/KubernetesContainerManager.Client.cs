using System.Net;
using k8s;
using k8s.Autorest;

namespace Clipper.ContainerManagers.Kubernetes;

public sealed partial class KubernetesContainerManager
{
    /// <summary>The client configuration: the kubeconfig file and context, or the pod's service account inside a cluster.</summary>
    private KubernetesClientConfiguration Configuration()
    {
        var path = _options.KubeConfigPath
            ?? (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } variable ? variable : null)
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        try
        {
            if (!File.Exists(path) && KubernetesClientConfiguration.IsInCluster())
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }

            if (!File.Exists(path))
            {
                throw new ContainerManagerException($"No kubeconfig at {path} and not running inside a cluster: set KUBECONFIG, pass --kubeconfig, or run in a pod with a service account.");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, _options.Context);
        }
        catch (k8s.Exceptions.KubeConfigException ex)
        {
            throw new ContainerManagerException($"The kubeconfig {path} cannot be used{(_options.Context is null ? "" : $" with context '{_options.Context}'")}: {ex.Message}", ex);
        }
    }

    /// <summary>Runs <paramref name="call"/> with a client; API errors and an unreachable server become <see cref="ContainerManagerException"/>s that say so.</summary>
    private async Task<T> RunAsync<T>(Func<IKubernetes, Task<T>> call)
    {
        var configuration = Configuration();
        using var client = new k8s.Kubernetes(configuration);
        try
        {
            return await call(client).ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            var reason = ex.Response.StatusCode == HttpStatusCode.Forbidden
                ? " The account lacks a permission: the Role in the README lists what the manager needs (start --apply-role applies it)."
                : "";
            throw new ContainerManagerException($"The Kubernetes API refused a request for cluster '{ClusterName}' in namespace '{Namespace}' ({(int)ex.Response.StatusCode}): {ex.Response.Content?.Trim()}{reason}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ContainerManagerException($"Cannot reach the Kubernetes API at {configuration.Host}: {ex.Message}", ex);
        }
    }
}
