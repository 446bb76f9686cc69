using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

internal sealed partial class KubernetesCluster
{
    /// <summary>Deletes every object with the cluster's label (Deployments, Services, the Redis claim, the Role) and waits for the pods to end.</summary>
    /// <param name="graceful">Give pods 60 s to end before they are deleted at once; false deletes them at once.</param>
    /// <param name="cancellationToken">Cuts the wait short (what is left is then deleted at once).</param>
    public async Task StopAsync(bool graceful, CancellationToken cancellationToken)
    {
        await DeleteObjectsAsync(CancellationToken.None).ConfigureAwait(false);
        await EndPodsAsync(KubernetesLabels.Selector(ClusterName), graceful ? TimeSpan.FromSeconds(60) : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until no pod matches <paramref name="selector"/> (their Deployments are gone, so they are ending); pods
    /// still there after <paramref name="wait"/>, or when the wait is cancelled, are deleted at once, round after
    /// round, until the garbage collector has removed the ReplicaSets that would start them again (at most 60 s more).
    /// </summary>
    private async Task EndPodsAsync(string selector, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        var giveUp = DateTime.UtcNow + wait + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < giveUp)
        {
            var pods = (await _client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: selector, cancellationToken: CancellationToken.None).ConfigureAwait(false)).Items;
            if (pods.Count == 0)
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                foreach (var pod in pods)
                {
                    await IgnoreNotFoundAsync(() => _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, Namespace, new V1DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(500, deadline.IsCancellationRequested ? CancellationToken.None : deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The next round forces what is left.
            }
        }

        throw new ContainerManagerException($"Pods of cluster '{ClusterName}' in namespace '{Namespace}' were still there 60 s after they were deleted; `kubectl get pods -l {selector}` shows them.");
    }

    private async Task DeleteObjectsAsync(CancellationToken cancellationToken)
    {
        var selector = KubernetesLabels.Selector(ClusterName);
        await DeleteDeploymentsAsync(selector, cancellationToken).ConfigureAwait(false);

        foreach (var service in (await _client.CoreV1.ListNamespacedServiceAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await DeleteServiceAsync(service.Metadata.Name, cancellationToken).ConfigureAwait(false);
        }

        await DeleteAdminTokenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var claim in (await _client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await IgnoreNotFoundAsync(() => _client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(claim.Metadata.Name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        try
        {
            foreach (var binding in (await _client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
            {
                await IgnoreNotFoundAsync(() => _client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(binding.Metadata.Name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            foreach (var role in (await _client.RbacAuthorizationV1.ListNamespacedRoleAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
            {
                await IgnoreNotFoundAsync(() => _client.RbacAuthorizationV1.DeleteNamespacedRoleAsync(role.Metadata.Name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            // An account that may not touch Roles (the manager's own Role grants none) applied none either.
        }
    }

    /// <summary>Deletes the Deployments <paramref name="selector"/> matches; their pods are left to the garbage collector.</summary>
    private async Task DeleteDeploymentsAsync(string selector, CancellationToken cancellationToken)
    {
        foreach (var deployment in (await _client.AppsV1.ListNamespacedDeploymentAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await DeleteDeploymentAsync(deployment.Metadata.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a Deployment (gone already is fine); its pods are left to the garbage collector.</summary>
    private Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken) =>
        IgnoreNotFoundAsync(() => _client.AppsV1.DeleteNamespacedDeploymentAsync(name, Namespace, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken));

    /// <summary>Deletes a Service. The client cannot read the Status some servers answer with and throws a JsonException although the delete succeeded.</summary>
    private async Task DeleteServiceAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedServiceAsync(name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            // Deleted; only the answer's shape was unexpected.
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
