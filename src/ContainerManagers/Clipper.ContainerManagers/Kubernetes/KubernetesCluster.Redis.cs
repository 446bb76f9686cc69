using System.Text;
using k8s;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <content>
/// The Redis password lives in the Secret <c>NAME-redis-password</c>: key <c>password</c>, which the frontends read as
/// CLIPPER_REDIS_PASSWORD, and, for the cluster's own Redis, key <c>redis.conf</c>, the configuration file its pod
/// mounts (owner-only) so that the password is on no command line.
/// </content>
internal sealed partial class KubernetesCluster
{
    private const string RedisPasswordKey = "password";
    private const string RedisConfigKey = "redis.conf";
    private const string RedisConfigVolumeName = "redis-config";
    private const string RedisConfigMountPath = "/run/clipper";

    private string RedisSecretName => ClusterName + "-redis-password";

    /// <summary>Creates the Secret, labelled as the cluster's so stop-all removes it.</summary>
    private async Task CreateRedisSecretAsync(string password, bool withConfig, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, byte[]> { [RedisPasswordKey] = Encoding.UTF8.GetBytes(password) };
        if (withConfig)
        {
            data[RedisConfigKey] = Encoding.UTF8.GetBytes("requirepass " + password + "\n");
        }

        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = RedisSecretName, Labels = KubernetesLabels.Of(ClusterName, "redis") },
            Type = "Opaque",
            Data = data,
        };
        await _client.CoreV1.CreateNamespacedSecretAsync(secret, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The variable that hands the Redis password to a frontend.</summary>
    private V1EnvVar RedisPasswordVariable() => new()
    {
        Name = "CLIPPER_REDIS_PASSWORD",
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = RedisSecretName, Key = RedisPasswordKey } },
    };

    /// <summary>The Redis pod's volume holding its configuration file, readable by its owner only.</summary>
    private V1Volume RedisConfigVolume() => KubernetesObjects.OwnerOnlySecretVolume(RedisConfigVolumeName, RedisSecretName, RedisConfigKey);
}
