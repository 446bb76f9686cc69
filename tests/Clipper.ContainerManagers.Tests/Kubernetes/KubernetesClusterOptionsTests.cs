using Clipper.ContainerManagers.Kubernetes;

namespace Clipper.ContainerManagers.Tests.Kubernetes;

/// <summary>Invalid Kubernetes settings and credentials are refused with what was wrong, before any object is made.</summary>
public sealed class KubernetesClusterOptionsTests
{
    [Theory]
    [InlineData("Bad_Name", "default", "Invalid cluster name 'Bad_Name'")]
    [InlineData("a-cluster-name-that-is-far-too-long-for-objects", "default", "is too long for Kubernetes objects")]
    [InlineData("ok", "Not_A_Namespace", "Namespace 'Not_A_Namespace' is invalid")]
    public void Constructor_InvalidClusterOrNamespaceName_IsRefused(string cluster, string space, string expected)
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new KubernetesContainerManager(new KubernetesClusterOptions { ClusterName = cluster, Namespace = space }));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_UnusableKubeconfig_NamesWhatIsWrong()
    {
        var folder = Directory.CreateTempSubdirectory("clipper-kubeconfig-").FullName;
        try
        {
            var missing = Path.Combine(folder, "none");
            var noFile = await Assert.ThrowsAsync<ContainerManagerException>(() => new KubernetesContainerManager(new KubernetesClusterOptions { KubeConfigPath = missing }).ConnectAsync());
            Assert.Contains($"No kubeconfig at {missing}", noFile.Message, StringComparison.Ordinal);

            var config = Path.Combine(folder, "config");
            await File.WriteAllTextAsync(config, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster: {server: "https://127.0.0.1:1"}
                users:
                - name: admin
                  user: {token: "t"}
                contexts:
                - name: local
                  context: {cluster: local, user: admin}
                current-context: local
                """);
            var unknown = await Assert.ThrowsAsync<ContainerManagerException>(() => new KubernetesContainerManager(new KubernetesClusterOptions { KubeConfigPath = config, Context = "elsewhere" }).ConnectAsync());
            Assert.Contains($"The kubeconfig {config} cannot be used with context 'elsewhere'", unknown.Message, StringComparison.Ordinal);

            var unreachable = await Assert.ThrowsAsync<ContainerManagerException>(() => new KubernetesContainerManager(new KubernetesClusterOptions { KubeConfigPath = config }).ConnectAsync());
            Assert.Contains("Cannot reach the Kubernetes API at https://127.0.0.1:1", unreachable.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task StartClusterAsync_NoClipperImage_NamesTheMissingOption()
    {
        var refused = await Assert.ThrowsAsync<ContainerManagerException>(() => new KubernetesContainerManager(new KubernetesClusterOptions()).StartClusterAsync(new ClusterStartOptions()));

        Assert.Contains("needs ClipperImage (--clipper-image)", refused.Message, StringComparison.Ordinal);
    }
}
