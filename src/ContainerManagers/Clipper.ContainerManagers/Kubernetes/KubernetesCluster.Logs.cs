using System.Net;
using k8s;
using k8s.Autorest;

namespace Clipper.ContainerManagers.Kubernetes;

internal sealed partial class KubernetesCluster
{
    /// <summary>The last lines of the pod with id <paramref name="id"/> (a pod's name without the cluster's prefix, or a Deployment's).</summary>
    public async Task<IReadOnlyList<string>> TailAsync(string id, int lines, CancellationToken cancellationToken)
    {
        var pods = await ListPodsAsync(null, cancellationToken).ConfigureAwait(false);
        var pod = pods.FirstOrDefault(p => p.Metadata.Name == ClusterName + "-" + id)
            ?? pods.FirstOrDefault(p => p.Metadata.Labels.TryGetValue(KubernetesLabels.Deployment, out var d) && d == ClusterName + "-" + id)
            ?? throw new ContainerManagerException($"Cluster '{ClusterName}' has no pod '{id}'; `clipper status --manager kubernetes` lists them.");
        var tail = await TailPodAsync(pod.Metadata.Name, lines, cancellationToken).ConfigureAwait(false);

        // A container restarted a moment ago has not written yet; the one before it says why it ended.
        return tail.Count == 0 && pod.Status?.ContainerStatuses?.FirstOrDefault()?.RestartCount > 0
            ? await TailPodAsync(pod.Metadata.Name, lines, cancellationToken, previous: true).ConfigureAwait(false)
            : tail;
    }

    /// <summary>Writes every pod's log into <paramref name="directory"/> as <c>ID.log</c>; returns the files, sorted.</summary>
    public async Task<IReadOnlyList<string>> CollectLogsAsync(string directory, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        foreach (var pod in await ListPodsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            var path = Path.Combine(directory, IdOf(pod) + ".log");
            var lines = await TailPodAsync(pod.Metadata.Name, null, cancellationToken).ConfigureAwait(false);
            await File.WriteAllLinesAsync(path, lines, cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        written.Sort(StringComparer.Ordinal);
        return written;
    }

    private async Task<IReadOnlyList<string>> TailPodAsync(string pod, int? lines, CancellationToken cancellationToken, bool previous = false)
    {
        try
        {
            await using var stream = await _client.CoreV1.ReadNamespacedPodLogAsync(pod, Namespace, tailLines: lines, previous: previous, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // The container has not started yet (or is gone): no log to read.
            return [];
        }
    }
}
