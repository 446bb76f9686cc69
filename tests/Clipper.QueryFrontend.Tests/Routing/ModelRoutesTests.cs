using System.Text;
using Clipper.Configuration;
using Clipper.QueryFrontend.Routing;
using static Clipper.QueryFrontend.Tests.Routing.FollowerHarness;

namespace Clipper.QueryFrontend.Tests.Routing;

/// <summary>The model routes of the Open Inference Protocol: versions, and the objective, default and keys of the linked applications.</summary>
public sealed class ModelRoutesTests
{
    [Fact]
    public async Task Rebuild_ModelLinkedToSeveralApps_TakesTheLargestObjectiveAndThatAppsDefault()
    {
        await using FollowerHarness harness = new();

        var snapshot = harness.Rebuild(Config(2, [App("a", 20_000, "m", "\"a\""), App("b", 50_000, "m", "\"b\""), App("c", 50_000, "m", "\"c\"")], Model("m", "1")));

        var route = snapshot.Models["m"];
        Assert.Equal(TimeSpan.FromMilliseconds(50), route.LatencyObjective);

        // A tie goes to the first by name.
        Assert.Equal("b", route.ObjectiveApp);
        Assert.Equal(Encoding.UTF8.GetBytes("\"b\""), route.DefaultOutputUtf8);
    }

    [Fact]
    public async Task Rebuild_ModelLinkedToNoApp_TakesTheOptionAndHasNoDefault()
    {
        await using FollowerHarness harness = new();
        harness.Options.OipLatencyObjective = TimeSpan.FromMilliseconds(250);

        var route = harness.Rebuild(Config(1, [App("other")], Model("m", "1"))).Models["m"];

        Assert.Equal(TimeSpan.FromMilliseconds(250), route.LatencyObjective);
        Assert.Null(route.ObjectiveApp);
        Assert.Null(route.DefaultOutputUtf8);
        Assert.True(route.Keys.IsEmpty);
    }

    [Fact]
    public async Task Rebuild_ModelWithSeveralVersions_ListsThemAndPointsEachAtItsRuntime()
    {
        await using FollowerHarness harness = new();

        var route = harness.Rebuild(Config(1, [], Model("m", "2", current: false), Model("m", "1"), Model("m", "10", current: false))).Models["m"];

        Assert.Equal(["1", "10", "2"], route.VersionNames.ToArray());
        Assert.Equal("1", route.CurrentVersion);
        Assert.Same(harness.Runtime("m", "2"), route.Versions["2"]);
    }

    [Fact]
    public async Task Rebuild_LinkedAppsThatRequireKeys_AreTheModelsKeys()
    {
        await using FollowerHarness harness = new();
        var keyed = App("keyed", 10_000, "m") with { RequireKey = true };
        var open = App("open", 10_000, "m");

        var route = harness.Rebuild(Config(1, [keyed, open], Model("m", "1"))).Models["m"];

        Assert.Single(route.Keys);
        Assert.Equal("keyed", route.KeyApps);
    }
}
