using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

internal sealed partial class KubernetesCluster
{
    /// <summary>
    /// Sets the query Deployment's replicas to <paramref name="count"/> through its scale subresource and waits until
    /// exactly that many pods run, every one ready, and the removed ones are gone (they drain first:
    /// <see cref="KubernetesFrontend.TerminationGracePeriodSeconds"/>).
    /// </summary>
    /// <returns>The ids of the frontend pods, sorted.</returns>
    public async Task<IReadOnlyList<string>> SetFrontendCountAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(JsonSerializer.Serialize(new { spec = new { replicas = count } }), V1Patch.PatchType.MergePatch);
        try
        {
            await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, QueryName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw NotRunning();
        }

        _progress?.Report($"waiting for {count} query frontend pod(s)...");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            // Terminating pods count until they are gone: a scale-down returns once they drained.
            var pods = (await _client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: KubernetesLabels.Deployment + "=" + QueryName, cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
            if (pods.Count == count && pods.All(IsReady))
            {
                return [.. pods.Select(IdOf).Order(StringComparer.Ordinal)];
            }

            try
            {
                await Task.Delay(500, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var ready = pods.Count(p => p.Metadata.DeletionTimestamp is null && IsReady(p));
                throw new ContainerManagerException(await DescribeAsync(QueryName, $"{ready} of {count} query frontend pods are ready and {pods.Count} exist after {timeout.TotalSeconds:0} s").ConfigureAwait(false));
            }
        }
    }

    private static bool IsReady(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is null && pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
