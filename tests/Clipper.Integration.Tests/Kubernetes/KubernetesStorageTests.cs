using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>A cluster in a namespace the manager creates, with its Role and ClusterIP Services, and a Redis whose claim keeps the configuration when its pod is replaced.</summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesStorageTests(LocalKubernetes kubernetes) : IDisposable
{
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"kst{Environment.ProcessId % 10000}";

    [Fact]
    public async Task StartClusterAsync_RedisOnAClaim_KeepsTheConfigurationAcrossPodsAndStopAllRemovesRoleAndClaim()
    {
        var space = "clipper-" + _name;
        string[] cluster = ["--manager", "kubernetes", "--cluster", _name, "--namespace", space];
        var storageClass = "clipper-test-" + _name;
        var volumeFolder = Directory.CreateTempSubdirectory("clipper-pv-").FullName;
        var volume = Path.Combine(_stateRoot, "volume.yaml");
        await File.WriteAllTextAsync(volume, $"""
            apiVersion: v1
            kind: PersistentVolume
            metadata:
              name: {storageClass}
            spec:
              storageClassName: {storageClass}
              capacity:
                storage: 1Gi
              accessModes: [ReadWriteOnce]
              persistentVolumeReclaimPolicy: Retain
              hostPath:
                path: {volumeFolder}
            """);
        try
        {
            await OkExecAsync(["kubectl", "apply", "-f", volume]);
            await OkAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, "--create-namespace", "--apply-role", "default", "--redis-storage-class", storageClass, "--service-type", "ClusterIP", .. cluster]);
            Assert.Matches(@"management  http://10\.96\.", await OkAsync(["status", .. cluster]));
            Assert.Contains($"{_name}-clipper-manager", await OkExecAsync(["kubectl", "get", "role,rolebinding", "-n", space, "-o", "name"]), StringComparison.Ordinal);
            await OkAsync(["register-app", "kept", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "100000", .. cluster]);

            var redisPod = (await OkExecAsync(["kubectl", "get", "pods", "-n", space, "-l", "ai.clipper.role=redis", "-o", "jsonpath={.items[0].metadata.name}"])).Trim();
            await OkExecAsync(["kubectl", "delete", "pod", "-n", space, redisPod]);
            var last = "";
            await Eventually.TrueAsync(
                async () => (last = (await LocalKubernetes.ClipperAsync(_stateRoot, ["apps", .. cluster])).Output).Contains("kept", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90),
                () => "last answer: " + last);

            // Another process stops it: the claim goes once its pod has ended, the Role with it.
            await OkAsync(["stop-all", .. cluster]);
            var left = "";
            await Eventually.TrueAsync(
                async () => (left = (await OkExecAsync(["kubectl", "get", "deployments,services,pvc,roles,rolebindings,pods", "-n", space, "-l", $"ai.clipper.container.label={_name}", "-o", "name"])).Trim()).Length == 0,
                TimeSpan.FromSeconds(60),
                () => "left: " + left);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. cluster]);
            await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "delete", "namespace", space, "--wait=false");
            await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "delete", "pv", storageClass, "--wait=false");
            Directory.Delete(volumeFolder, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private Task<string> OkAsync(string[] args) => LocalKubernetes.OkAsync(_stateRoot, args);

    private Task<string> OkExecAsync(string[] args) => LocalKubernetes.OkExecAsync(_stateRoot, args);
}
