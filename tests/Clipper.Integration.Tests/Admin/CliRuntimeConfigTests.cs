using System.Text.Json;

namespace Clipper.Integration.Tests.Admin;

/// <summary>The runtime settings the <c>clipper</c> command line (frontends, example models) is published with.</summary>
public sealed class CliRuntimeConfigTests
{
    [Fact]
    public void RuntimeConfig_ThreadPool_BlocksIdleWorkersWithoutSpinning()
    {
        // Beside the test assembly: the command line's project is referenced, so its runtimeconfig.json is copied here
        // as it is published.
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "clipper.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
    }
}
