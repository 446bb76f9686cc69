using System.Text;
using k8s;

namespace Clipper.ContainerManagers.Kubernetes;

internal sealed partial class KubernetesCluster
{
    /// <summary>
    /// Waits until a Deployment has a ready replica. At the deadline, fails naming the Deployment, each pod's
    /// phase and the reason its container waits or ended, the last log lines and the latest events.
    /// </summary>
    private async Task WaitReadyAsync(string deployment, TimeSpan timeout, CancellationToken deadline, CancellationToken cancellationToken)
    {
        _progress?.Report($"waiting for {deployment}...");
        while (true)
        {
            var current = await _client.AppsV1.ReadNamespacedDeploymentAsync(deployment, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (current.Status?.ReadyReplicas is > 0)
            {
                return;
            }

            try
            {
                await Task.Delay(500, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ContainerManagerException(await DescribeAsync(deployment, $"it is not ready after {timeout.TotalSeconds:0} s").ConfigureAwait(false));
            }
        }
    }

    /// <summary>Why a Deployment is not ready, in its pods' and events' words.</summary>
    private async Task<string> DescribeAsync(string deployment, string why)
    {
        var text = new StringBuilder($"Deployment {deployment} of cluster '{ClusterName}' in namespace '{Namespace}' did not start: {why}.");
        var pods = (await _client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: KubernetesLabels.Deployment + "=" + deployment).ConfigureAwait(false)).Items;
        if (pods.Count == 0)
        {
            text.Append(" It has no pod.");
        }

        foreach (var pod in pods)
        {
            text.Append(Environment.NewLine).Append($"pod {pod.Metadata.Name}: {pod.Status?.Phase}");
            foreach (var status in pod.Status?.ContainerStatuses ?? [])
            {
                if (status.State?.Waiting is { } waiting)
                {
                    text.Append($", waiting: {waiting.Reason} {waiting.Message}");
                }

                if ((status.State?.Terminated ?? status.LastState?.Terminated) is { } ended)
                {
                    text.Append($", exited with code {ended.ExitCode} ({ended.Reason})");
                }

                text.Append($", restarts {status.RestartCount}");
            }

            foreach (var line in await TailPodAsync(pod.Metadata.Name, 10, CancellationToken.None).ConfigureAwait(false))
            {
                text.Append(Environment.NewLine).Append("  | ").Append(line);
            }

            var events = (await _client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: "involvedObject.name=" + pod.Metadata.Name).ConfigureAwait(false)).Items;
            foreach (var item in events.OrderBy(e => e.LastTimestamp ?? e.EventTime ?? DateTime.MinValue).TakeLast(5))
            {
                text.Append(Environment.NewLine).Append($"  event {item.Reason}: {item.Message}");
            }
        }

        return text.ToString();
    }
}
