using System.Text.Json;
using Clipper.ContainerManagers.Kubernetes;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>
/// The command line inside a pod of the cluster, with no kubeconfig: it finds the API server through the
/// <c>kubernetes</c> Service and authenticates with the pod's service account, which an administrator bound to the
/// manager's Role beforehand (the objects the README lists). Each verb runs as a pod of the command line's image.
/// </summary>
[Collection(LocalKubernetes.Collection)]
[Trait("Category", "Kubernetes")]
[Trait("Category", "Docker")] // the fixture builds the images on the Docker engine
public sealed class KubernetesInClusterTests(LocalKubernetes kubernetes) : IDisposable
{
    private const string Account = "clipper";
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-k8s-").FullName;
    private readonly string _name = $"kin{Environment.ProcessId % 10000}";
    private int _pods;

    private string Space => "clipper-" + _name;

    private string[] Cluster => ["--manager", "kubernetes", "--cluster", _name, "--namespace", Space];

    [Fact]
    public async Task CommandLineInPod_ServiceAccountBoundToRole_StartsDeploysScalesAndStops()
    {
        try
        {
            await OkExecAsync(["kubectl", "create", "namespace", Space]);
            var objects = Path.Combine(_stateRoot, "admin.yaml");
            await File.WriteAllTextAsync(objects, AdministratorObjects(Space));
            await OkExecAsync(["kubectl", "apply", "-f", objects]);

            // The token controller gives each account its token; a pod made before that would be refused.
            foreach (var account in new[] { Account, "default" })
            {
                await Eventually.TrueAsync(
                    async () => (await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "get", "serviceaccount", account, "-n", Space, "-o", "jsonpath={.secrets[0].name}")).Output.Trim().Length > 0,
                    TimeSpan.FromSeconds(60));
            }

            // The namespace's default account has no Role: refused, with what to do about it.
            var refused = await InPodAsync(["status", .. Cluster], account: "default", succeeds: false);
            Assert.Contains("(403)", refused, StringComparison.Ordinal);
            Assert.Contains("The account lacks a permission", refused, StringComparison.Ordinal);

            var started = await InPodAsync(["start", "--clipper-image", kubernetes.ClipperImage, "--redis-image", kubernetes.RedisImage, "--service-type", "ClusterIP", .. Cluster]);
            Assert.Matches(@"queries     http://10\.96\.", started);
            var made = await OkExecAsync(["kubectl", "get", "deployments,services", "-n", Space, "-l", $"ai.clipper.container.label={_name}", "-o", "name"]);
            foreach (var part in new[] { "redis", "management", "query" })
            {
                Assert.Contains($"deployment.apps/{_name}-{part}", made, StringComparison.Ordinal);
            }

            Assert.Contains("deployed sum:1 with 1 replica(s), all connected", await InPodAsync(["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. Cluster]), StringComparison.Ordinal);
            await InPodAsync(["scale", "sum", "2", .. Cluster]);
            Assert.Equal("2", (await OkExecAsync(["kubectl", "get", "deployments", "-n", Space, "-l", "ai.clipper.model=sum,ai.clipper.version=1", "-o", "jsonpath={.items[0].spec.replicas}"])).Trim());
            using (var status = JsonDocument.Parse(await InPodAsync(["status", "--output", "json", .. Cluster])))
            {
                Assert.Equal(2, status.RootElement.GetProperty("replicas").GetArrayLength());
            }

            Assert.Contains($"cluster '{_name}' stopped", await InPodAsync(["stop-all", .. Cluster]), StringComparison.Ordinal);
            Assert.Equal("", (await OkExecAsync(["kubectl", "get", "deployments,services,pvc,pods", "-n", Space, "-l", $"ai.clipper.container.label={_name}", "-o", "name"])).Trim());

            // What the administrator applied is theirs: the command line neither needed nor removed it.
            Assert.Contains("role.rbac.authorization.k8s.io/clipper-manager", await OkExecAsync(["kubectl", "get", "role", "-n", Space, "-o", "name"]), StringComparison.Ordinal);
        }
        finally
        {
            await LocalKubernetes.ClipperAsync(_stateRoot, ["stop-all", "--force", .. Cluster]);
            await LocalKubernetes.ExecAsync(_stateRoot, "kubectl", "delete", "namespace", Space, "--wait=false");
        }
    }

    /// <summary>What an administrator applies once per namespace for the command line in a pod: its account, the manager's Role, the binding.</summary>
    private static string AdministratorObjects(string space)
    {
        var role = KubernetesRole.Create("unused", space);
        role.Metadata = new() { Name = "clipper-manager", NamespaceProperty = space };
        var binding = KubernetesRole.Binding("unused", space, Account);
        binding.Metadata = new() { Name = "clipper-manager", NamespaceProperty = space };
        binding.RoleRef.Name = "clipper-manager";
        return $$"""
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: {{Account}}, namespace: {{space}}}
            ---
            {{k8s.KubernetesYaml.Serialize(role)}}
            ---
            {{k8s.KubernetesYaml.Serialize(binding)}}
            """;
    }

    /// <summary>Runs one verb of the command line as a pod of its image under an account, waits for it to end, and asserts how it ended; returns what it printed.</summary>
    private async Task<string> InPodAsync(string[] args, string account = Account, bool succeeds = true)
    {
        var pod = $"cli-{++_pods}-{args[0]}";
        var manifest = Path.Combine(_stateRoot, pod + ".yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: {{pod}}, namespace: {{Space}}}
            spec:
              serviceAccountName: {{account}}
              restartPolicy: Never
              containers:
              - name: clipper
                image: {{kubernetes.ClipperImage}}
                imagePullPolicy: IfNotPresent
                args: {{JsonSerializer.Serialize(args)}}
            """);
        await OkExecAsync(["kubectl", "apply", "-f", manifest]);

        var phase = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (phase is not ("Succeeded" or "Failed"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"pod {pod} (clipper {string.Join(' ', args)}) did not end within 4 minutes; last phase '{phase}'");
            await Task.Delay(250);
            phase = (await OkExecAsync(["kubectl", "get", "pod", pod, "-n", Space, "-o", "jsonpath={.status.phase}"])).Trim();
        }

        var output = await OkExecAsync(["kubectl", "logs", pod, "-n", Space]);
        Assert.True(phase == (succeeds ? "Succeeded" : "Failed"), $"clipper {string.Join(' ', args)} ended {phase} in pod {pod}: {output}");
        return output;
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private Task<string> OkExecAsync(string[] args) => LocalKubernetes.OkExecAsync(_stateRoot, args);
}
