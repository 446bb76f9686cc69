using System.Net;
using k8s;
using k8s.Autorest;

namespace Clipper.ContainerManagers.Kubernetes;

public sealed partial class KubernetesContainerManager
{
    /// <summary>
    /// The client configuration: <see cref="KubernetesClusterOptions.KubeConfigPath"/> alone, else the files of the
    /// <c>KUBECONFIG</c> list merged as kubectl merges them, else <c>~/.kube/config</c>, with the chosen context; or the
    /// pod's service account inside a cluster when no file is named and none exists.
    /// </summary>
    private KubernetesClientConfiguration Configuration() =>
        KubeConfigLoader.Load(_options.KubeConfigPath, Environment.GetEnvironmentVariable("KUBECONFIG"), _options.Context);

    /// <summary>Runs <paramref name="call"/> on the cluster through a client; API errors and an unreachable server become <see cref="ContainerManagerException"/>s that say so.</summary>
    private async Task<T> RunAsync<T>(Func<KubernetesCluster, Task<T>> call)
    {
        var configuration = Configuration();
        try
        {
            using var client = new k8s.Kubernetes(configuration);
            return await call(new KubernetesCluster(client, _options, Progress)).ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            var reason = ex.Response.StatusCode == HttpStatusCode.Forbidden
                ? " The account lacks a permission: the Role in the README lists what the manager needs (start --apply-role applies it)."
                : "";
            throw new ContainerManagerException($"The Kubernetes API refused a request for cluster '{ClusterName}' in namespace '{_options.Namespace}' ({(int)ex.Response.StatusCode}): {ex.Response.Content?.Trim()}{reason}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ContainerManagerException($"Cannot reach the Kubernetes API at {configuration.Host}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            throw new ContainerManagerException($"The Kubernetes API at {configuration.Host} did not answer in time.", ex);
        }
        catch (k8s.Exceptions.KubeConfigException ex)
        {
            throw new ContainerManagerException($"The credentials for {configuration.Host} cannot be used: {ex.Message}", ex);
        }
    }

    private Task RunAsync(Func<KubernetesCluster, Task> call) =>
        RunAsync(async cluster =>
        {
            await call(cluster).ConfigureAwait(false);
            return true;
        });
}
