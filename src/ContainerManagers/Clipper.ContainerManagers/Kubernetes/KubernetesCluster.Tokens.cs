using System.Net;
using System.Text;
using Clipper.ModelRpc.Security;
using Clipper.ModelRpc.Serving;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <content>
/// The cluster's tokens live in Secrets (key <c>token</c>): the admin token in <c>NAME-admin-token</c>, which the
/// management pods read as CLIPPER_ADMIN_TOKEN and any client allowed to read Secrets in the namespace finds; the join
/// token in <c>NAME-join-token</c>, which the query pods and every model pod read as CLIPPER_JOIN_TOKEN.
/// </content>
internal sealed partial class KubernetesCluster
{
    /// <summary>The key of the token in each Secret.</summary>
    private const string TokenKey = "token";

    private string AdminTokenSecretName => ClusterName + "-admin-token";

    private string JoinTokenSecretName => ClusterName + "-join-token";

    /// <summary>Makes the admin token and its Secret.</summary>
    private Task<ClusterToken> CreateAdminTokenAsync(CancellationToken cancellationToken) => CreateTokenSecretAsync(AdminTokenSecretName, "management", cancellationToken);

    /// <summary>Makes the join token and its Secret.</summary>
    private Task<ClusterToken> CreateJoinTokenAsync(CancellationToken cancellationToken) => CreateTokenSecretAsync(JoinTokenSecretName, "query", cancellationToken);

    /// <summary>The variable that hands the join token to a query or model pod; optional, so a cluster started before join tokens still runs its pods.</summary>
    private V1EnvVar JoinTokenVariable() => new()
    {
        Name = ClipperEnvironment.JoinToken,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = JoinTokenSecretName, Key = TokenKey, Optional = true } },
    };

    /// <summary>Makes a token and its Secret, labelled as the cluster's so stop-all removes it.</summary>
    private async Task<ClusterToken> CreateTokenSecretAsync(string secretName, string role, CancellationToken cancellationToken)
    {
        var token = ClusterToken.Create();
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = secretName, Labels = KubernetesLabels.Of(ClusterName, role) },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [TokenKey] = Encoding.UTF8.GetBytes(token.Value) },
        };
        await _client.CoreV1.CreateNamespacedSecretAsync(secret, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return token;
    }

    /// <summary>The variable that hands the Secret's token to the management frontend.</summary>
    private V1EnvVar AdminTokenVariable() => new()
    {
        Name = "CLIPPER_ADMIN_TOKEN",
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = AdminTokenSecretName, Key = TokenKey } },
    };

    /// <summary>The running cluster's token; null when it has no Secret, or this account may not read it (calls are then refused with 401).</summary>
    private async Task<ClusterToken?> ReadAdminTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await _client.CoreV1.ReadNamespacedSecretAsync(AdminTokenSecretName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return secret.Data?.TryGetValue(TokenKey, out var value) == true
                ? ClusterToken.Parse(Encoding.UTF8.GetString(value), $"Secret {AdminTokenSecretName}")
                : null;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }
    }

    /// <summary>Deletes the tokens' Secrets (stop-all, or a start that failed).</summary>
    private async Task DeleteAdminTokenAsync(CancellationToken cancellationToken)
    {
        foreach (var secret in (await _client.CoreV1.ListNamespacedSecretAsync(Namespace, labelSelector: KubernetesLabels.Selector(ClusterName), cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await IgnoreNotFoundAsync(() => _client.CoreV1.DeleteNamespacedSecretAsync(secret.Metadata.Name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
