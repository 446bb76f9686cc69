using System.Text;
using Clipper.Configuration;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Routing;
using static Clipper.QueryFrontend.Tests.Routing.FollowerHarness;

namespace Clipper.QueryFrontend.Tests.Routing;

public sealed class ConfigurationFollowerRouteTests
{
    [Fact]
    public async Task Rebuild_AppLinkedToAModelWithACurrentVersion_RoutesToThatVersionsRuntime()
    {
        await using FollowerHarness harness = new();

        RoutingSnapshot snapshot = harness.Rebuild(Config(3, [App("clf", 20_000, "m", "\"défaut ✓\"")], Model("m", "1")));

        AppRoute route = snapshot.Apps["clf"];
        Assert.Equal("clf", route.Name);
        Assert.Equal("m", route.ModelName);
        Assert.Same(harness.Runtime("m", "1"), route.Target);
        Assert.Equal(new ModelVersionId("m", "1"), route.Target!.Key);
        Assert.Equal(Encoding.UTF8.GetBytes("\"défaut ✓\""), route.DefaultOutputUtf8);
        Assert.Equal(TimeSpan.FromMilliseconds(20), route.LatencyObjective);
        Assert.Equal(InputType.Doubles, route.InputType);
    }

    [Fact]
    public async Task Rebuild_AppWithNoLink_HasNeitherModelNorTarget()
    {
        await using FollowerHarness harness = new();

        RoutingSnapshot snapshot = harness.Rebuild(Config(1, [App("lonely")], Model("m", "1")));

        AppRoute route = snapshot.Apps["lonely"];
        Assert.Null(route.ModelName);
        Assert.Null(route.Target);
    }

    [Fact]
    public async Task Rebuild_AppLinkedToAModelWithoutACurrentVersion_HasItsModelNameButNoTarget()
    {
        await using FollowerHarness harness = new();

        RoutingSnapshot snapshot = harness.Rebuild(Config(2,
            [App("a", model: "m"), App("b", model: "unregistered")],
            Model("m", "1", current: false)));

        Assert.Equal("m", snapshot.Apps["a"].ModelName);
        Assert.Null(snapshot.Apps["a"].Target);
        Assert.Equal("unregistered", snapshot.Apps["b"].ModelName);
        Assert.Null(snapshot.Apps["b"].Target);
    }

    [Fact]
    public async Task Rebuild_CurrentVersionChanged_MovesTheTargetAndReusesEachVersionsRuntime()
    {
        await using FollowerHarness harness = new();
        ApplicationRecord[] apps = [App("a", model: "m")];

        ModelVersionRuntime? first = harness.Rebuild(Config(1, apps, Model("m", "1"), Model("m", "2", current: false))).Apps["a"].Target;
        ModelVersionRuntime? second = harness.Rebuild(Config(2, apps, Model("m", "1", current: false), Model("m", "2"))).Apps["a"].Target;
        ModelVersionRuntime? back = harness.Rebuild(Config(3, apps, Model("m", "1"), Model("m", "2", current: false))).Apps["a"].Target;

        Assert.NotNull(first);
        Assert.Equal(new ModelVersionId("m", "2"), second!.Key);
        Assert.NotSame(first, second);
        Assert.Same(first, back);
        Assert.Same(harness.Runtime("m", "2"), second);
        Assert.Equal(2, harness.Registry.All.Count);
    }

    [Fact]
    public async Task Rebuild_AppDeleted_RemovesItFromTheNextSnapshot()
    {
        await using FollowerHarness harness = new();
        harness.Rebuild(Config(1, [App("a", model: "m"), App("b")], Model("m", "1")));

        RoutingSnapshot snapshot = harness.Rebuild(Config(2, [App("b")], Model("m", "1")));

        Assert.False(snapshot.Apps.ContainsKey("a"));
        Assert.True(snapshot.Apps.ContainsKey("b"));
        Assert.Single(snapshot.Apps);
    }

    [Fact]
    public async Task Rebuild_PublishesANewSnapshotWithTheConfigurationsRevision()
    {
        await using FollowerHarness harness = new();
        Assert.Equal(-1, harness.Routing.Current.Revision);

        RoutingSnapshot first = harness.Rebuild(Config(41, [App("a")]));
        RoutingSnapshot second = harness.Rebuild(Config(42, [App("a")]));

        Assert.Equal(41, first.Revision);
        Assert.Equal(42, second.Revision);
        Assert.NotSame(first, second);
        Assert.NotSame(first.Apps["a"], second.Apps["a"]);
    }

    [Fact]
    public async Task Rebuild_EmptyConfiguration_PublishesAnEmptySnapshot()
    {
        await using FollowerHarness harness = new();
        harness.Rebuild(Config(1, [App("a", model: "m")], Model("m", "1")));

        RoutingSnapshot snapshot = harness.Rebuild(ClusterConfiguration.Empty);

        Assert.Empty(snapshot.Apps);
        Assert.Equal(0, snapshot.Revision);
        Assert.False(harness.Registry.TryGet(new ModelVersionId("m", "1"), out _));
    }

    [Fact]
    public async Task Rebuild_AppSlo_GivesAnObjectiveInTimestampTicksOfTheConfiguredClock()
    {
        await using FollowerHarness harness = new();

        AppRoute route = harness.Rebuild(Config(1, [App("a", sloMicros: 20_000)])).Apps["a"];

        long expected = (long)(0.020 * harness.Time.TimestampFrequency);
        Assert.Equal(expected, route.ObjectiveTimestampTicks);
    }
}
