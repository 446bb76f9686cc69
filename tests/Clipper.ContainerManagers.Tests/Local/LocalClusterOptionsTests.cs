using Clipper.ContainerManagers.Local;

namespace Clipper.ContainerManagers.Tests.Local;

/// <summary>Invalid local settings are refused before any process is started.</summary>
public sealed class LocalClusterOptionsTests
{
    [Fact]
    public void Constructor_InvalidClusterName_IsRefusedWithTheRule()
    {
        var failure = Assert.Throws<ContainerManagerException>(() => new LocalProcessContainerManager(new() { ClusterName = "Not_A_Label" }));
        Assert.Contains("Invalid cluster name 'Not_A_Label'", failure.Message, StringComparison.Ordinal);
    }
}
