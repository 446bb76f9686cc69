using Clipper.ContainerManagers.Kubernetes;

namespace Clipper.ContainerManagers.Tests.Kubernetes;

/// <summary>The cluster's log format on the Kubernetes objects: the frontends' arguments, the model containers' variable, the settings annotation.</summary>
public sealed class KubernetesLogFormatTests
{
    [Fact]
    public void AddToFrontend_JsonOnBothFrontends_EndsTheirArgumentsWithTheFlag()
    {
        var query = KubernetesFrontend.Container("clipper:test", "10.96.0.5:6379");
        var management = KubernetesCluster.ManagementContainer("clipper:test", "10.96.0.5:6379");

        KubernetesLogFormat.AddToFrontend(query, LogFormat.Json);
        KubernetesLogFormat.AddToFrontend(management, LogFormat.Json);

        Assert.Equal(["--log-format", "json"], query.Args.Skip(query.Args.Count - 2));
        Assert.Equal(["management-frontend", "--redis", "10.96.0.5:6379", "--port", "1338", "--log-format", "json"], management.Args);
    }

    [Fact]
    public void AddToFrontend_Text_LeavesTheArgumentsAsTheyWere()
    {
        var query = KubernetesFrontend.Container("clipper:test", "10.96.0.5:6379");
        var before = query.Args.ToList();

        KubernetesLogFormat.AddToFrontend(query, LogFormat.Text);

        Assert.Equal(before, query.Args);
    }

    [Fact]
    public void AddToModel_JsonOverTheDeploymentsOwnValue_SetsTheVariableToJson()
    {
        var environment = new SortedDictionary<string, string> { ["CLIPPER_LOG_FORMAT"] = "text", ["OTHER"] = "1" };

        KubernetesLogFormat.AddToModel(environment, LogFormat.Json);

        Assert.Equal(new SortedDictionary<string, string> { ["CLIPPER_LOG_FORMAT"] = "json", ["OTHER"] = "1" }, environment);
    }

    [Fact]
    public void AddToModel_Text_LeavesTheDeploymentsVariables()
    {
        var environment = new SortedDictionary<string, string> { ["OTHER"] = "1" };

        KubernetesLogFormat.AddToModel(environment, LogFormat.Text);

        Assert.Equal(["OTHER"], environment.Keys);
    }

    [Fact]
    public void FromAnnotation_SettingsOfAJsonCluster_KeepTheLogFormatAndTheResources()
    {
        var annotation = (new KubernetesModelResources(1.5, 1L << 30) with { LogFormat = LogFormat.Json }).ToAnnotation();

        var read = KubernetesModelResources.FromAnnotation(annotation);

        Assert.Contains("\"LogFormat\":\"Json\"", annotation, StringComparison.Ordinal);
        Assert.Equal((1.5, 1L << 30, LogFormat.Json), (read.Cpus, read.MemoryBytes, read.LogFormat));
    }

    [Fact]
    public void FromAnnotation_AnnotationOfAClusterStartedBeforeLogFormats_IsText()
    {
        Assert.Equal(LogFormat.Text, KubernetesModelResources.FromAnnotation("{\"Cpus\":2,\"MemoryBytes\":null}").LogFormat);
    }
}
