using Clipper.Faults.Faults;

namespace Clipper.Faults.Tests.Faults;

public sealed class FaultCatalogTests
{
    [Fact]
    public void All_EveryFaultOfTheIssue_HasAUniqueName()
    {
        var names = FaultCatalog.All().Select(f => f.Name).ToList();

        Assert.Equal(
            ["replica-kill", "replica-stop", "frontend-restart", "redis-restart-aof", "redis-restart-no-aof", "partition", "slow-replica", "malformed-frames", "overload"],
            names);
    }

    [Fact]
    public void Named_UnknownName_ListsTheFaultsThatExist()
    {
        var error = Assert.Throws<ArgumentException>(() => FaultCatalog.Named("replica-explode"));

        Assert.Contains("no fault named 'replica-explode'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected one of replica-kill, replica-stop", error.Message, StringComparison.Ordinal);
    }
}
