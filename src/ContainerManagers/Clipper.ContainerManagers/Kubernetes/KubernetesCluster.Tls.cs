using System.Net;
using System.Text;
using Clipper.ModelRpc.Security;
using Clipper.ModelRpc.Serving;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <content>
/// TLS for the cluster's frontends: the Secret <c>NAME-tls</c> (type <c>kubernetes.io/tls</c>: <c>tls.crt</c>,
/// <c>tls.key</c>, plus <c>ca.crt</c>) is mounted read-only and owner-only in the management and query pods, whose
/// readiness probes then use HTTPS; model pods mount <c>ca.crt</c> alone and get CLIPPER_TLS_CA. Model pods dial the
/// RPC Service's cluster address, then the frontend pods' IPs, and check the certificate for the RPC Service's DNS
/// name <c>NAME-query-rpc.NAMESPACE.svc</c> (CLIPPER_TLS_SERVER_NAME), which the certificate must carry. The frontends'
/// Services are labelled <c>ai.clipper.tls=on</c>, so clients know to use HTTPS and to verify with <c>ca.crt</c>.
/// </content>
internal sealed partial class KubernetesCluster
{
    /// <summary>On the frontends' Services of a cluster started with TLS (value <c>on</c>).</summary>
    private const string TlsLabel = "ai.clipper.tls";

    private const string TlsCertificateKey = "tls.crt";
    private const string TlsKeyKey = "tls.key";
    private const string TlsCaKey = "ca.crt";
    private const string TlsVolumeName = "tls";
    private const string TlsMountPath = "/run/clipper/tls";

    private string TlsSecretName => ClusterName + "-tls";

    /// <summary>The name model pods check the frontends' certificate for: the RPC Service's DNS name.</summary>
    /// <param name="cluster">The cluster's name.</param>
    /// <param name="kubernetesNamespace">Its namespace.</param>
    /// <returns><c>NAME-query-rpc.NAMESPACE.svc</c>.</returns>
    public static string TlsServerName(string cluster, string kubernetesNamespace) => $"{cluster}-query-rpc.{kubernetesNamespace}.svc";

    /// <summary>Creates the Secret, labelled as the cluster's so stop-all removes it.</summary>
    private async Task CreateTlsSecretAsync(ContainerTls tls, CancellationToken cancellationToken)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = TlsSecretName, Labels = KubernetesLabels.Of(ClusterName, "query") },
            Type = "kubernetes.io/tls",
            Data = new Dictionary<string, byte[]>
            {
                [TlsCertificateKey] = Encoding.UTF8.GetBytes(tls.CertificatePem + "\n"),
                [TlsKeyKey] = Encoding.UTF8.GetBytes(tls.KeyPem + "\n"),
                [TlsCaKey] = Encoding.UTF8.GetBytes(tls.CaPem + "\n"),
            },
        };
        await _client.CoreV1.CreateNamespacedSecretAsync(secret, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves the frontend container's HTTP API and (for the query frontend) its RPC port with the Secret's certificate:
    /// the flags, the mount, HTTPS readiness and liveness probes (the kubelet does not verify the certificate); returns the pod's volume.
    /// </summary>
    public static V1Volume AddFrontendTls(V1Container container, string secretName)
    {
        container.Args.Add("--tls-cert");
        container.Args.Add(TlsMountPath + "/" + TlsCertificateKey);
        container.Args.Add("--tls-key");
        container.Args.Add(TlsMountPath + "/" + TlsKeyKey);
        container.VolumeMounts = [new V1VolumeMount { Name = TlsVolumeName, MountPath = TlsMountPath, ReadOnlyProperty = true }];
        container.ReadinessProbe.HttpGet.Scheme = "HTTPS";
        if (container.LivenessProbe?.HttpGet is { } liveness)
        {
            liveness.Scheme = "HTTPS";
        }
        return KubernetesObjects.OwnerOnlySecretVolume(TlsVolumeName, secretName, TlsCertificateKey, TlsKeyKey);
    }

    /// <summary>Has a model container connect over TLS: the CA alone mounted (readable by any user of the image), and the variables; returns the pod's volume.</summary>
    public static V1Volume AddModelTls(V1Container container, string secretName, string serverName)
    {
        container.Env.Add(new V1EnvVar { Name = ClipperEnvironment.TlsCa, Value = TlsMountPath + "/" + TlsCaKey });
        container.Env.Add(new V1EnvVar { Name = ClipperEnvironment.TlsServerName, Value = serverName });
        container.VolumeMounts = [new V1VolumeMount { Name = TlsVolumeName, MountPath = TlsMountPath, ReadOnlyProperty = true }];
        return new V1Volume
        {
            Name = TlsVolumeName,
            Secret = new V1SecretVolumeSource { SecretName = secretName, DefaultMode = 0b100_100_100, Items = [new V1KeyToPath { Key = TlsCaKey, Path = TlsCaKey }] },
        };
    }

    /// <summary>Labels a frontend's Service as serving HTTPS.</summary>
    private static V1Service WithTlsLabel(V1Service service, bool tls)
    {
        if (tls)
        {
            service.Metadata.Labels[TlsLabel] = "on";
        }

        return service;
    }

    private static bool ServesTls(V1Service service) => service.Metadata.Labels?.ContainsKey(TlsLabel) == true;

    /// <summary>Whether the running cluster's query frontends serve TLS (their Deployment has the certificate flag).</summary>
    private static bool ServesTls(V1Deployment query) => query.Spec.Template.Spec.Containers[0].Args?.Contains("--tls-cert") == true;

    /// <summary>
    /// The CA file clients on this machine verify the frontends with: the Secret's <c>ca.crt</c>, written owner-only under
    /// the Clipper home; null when this account may not read the Secret (clients then need --tls-ca).
    /// </summary>
    private async Task<string?> ClientCaPathAsync(CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await _client.CoreV1.ReadNamespacedSecretAsync(TlsSecretName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }

        if (secret.Data?.TryGetValue(TlsCaKey, out var ca) != true)
        {
            return null;
        }

        var path = Path.Combine(ClipperHome.Resolve(), "kubernetes", Namespace, ClusterName, "tls-ca.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SecretFile.Write(path, Encoding.UTF8.GetString(ca!).Trim());
        return path;
    }

    /// <summary>Refuses a started cluster whose certificate does not name the addresses its clients dial, which only the Services tell.</summary>
    private static void RequireClientNames(ClusterStartOptions options, ClusterAddresses addresses, string serviceType)
    {
        using var certificate = options.LoadTlsCertificate();
        if (certificate is null)
        {
            return;
        }

        foreach (var address in (Uri[])[addresses.Query, addresses.Management])
        {
            var host = address.Host.Trim('[', ']');
            options.RequireTlsName(certificate, host, $", and clients reach the cluster's {serviceType} Services at {host} ({address})");
        }
    }
}
