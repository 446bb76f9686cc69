using System.Net;
using System.Text;
using Clipper.ModelRpc.Security;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <content>
/// The cluster's admin token lives in a Secret (<c>NAME-admin-token</c>, key <c>token</c>): the management pods read it
/// as CLIPPER_ADMIN_TOKEN, and any client allowed to read Secrets in the namespace finds it there.
/// </content>
internal sealed partial class KubernetesCluster
{
    /// <summary>The key of the token in the Secret.</summary>
    private const string AdminTokenKey = "token";

    private string AdminTokenSecretName => ClusterName + "-admin-token";

    /// <summary>Makes the token and its Secret, labelled as the cluster's so stop-all removes it.</summary>
    private async Task<ClusterToken> CreateAdminTokenAsync(CancellationToken cancellationToken)
    {
        var token = ClusterToken.Create();
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = AdminTokenSecretName, Labels = KubernetesLabels.Of(ClusterName, "management") },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [AdminTokenKey] = Encoding.UTF8.GetBytes(token.Value) },
        };
        await _client.CoreV1.CreateNamespacedSecretAsync(secret, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>The variable that hands the Secret's token to the management frontend.</summary>
    private V1EnvVar AdminTokenVariable() => new()
    {
        Name = "CLIPPER_ADMIN_TOKEN",
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = AdminTokenSecretName, Key = AdminTokenKey } },
    };

    /// <summary>The running cluster's token; null when it has no Secret, or this account may not read it (calls are then refused with 401).</summary>
    private async Task<ClusterToken?> ReadAdminTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await _client.CoreV1.ReadNamespacedSecretAsync(AdminTokenSecretName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return secret.Data?.TryGetValue(AdminTokenKey, out var value) == true
                ? ClusterToken.Parse(Encoding.UTF8.GetString(value), $"Secret {AdminTokenSecretName}")
                : null;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }
    }

    /// <summary>Deletes the token's Secret (stop-all, or a start that failed).</summary>
    private async Task DeleteAdminTokenAsync(CancellationToken cancellationToken)
    {
        foreach (var secret in (await _client.CoreV1.ListNamespacedSecretAsync(Namespace, labelSelector: KubernetesLabels.Selector(ClusterName), cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await IgnoreNotFoundAsync(() => _client.CoreV1.DeleteNamespacedSecretAsync(secret.Metadata.Name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
