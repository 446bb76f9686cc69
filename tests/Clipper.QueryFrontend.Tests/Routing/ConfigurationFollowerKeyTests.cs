using Clipper.Configuration;
using Clipper.Configuration.Keys;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Routing;
using static Clipper.QueryFrontend.Tests.Routing.FollowerHarness;

namespace Clipper.QueryFrontend.Tests.Routing;

public sealed class ConfigurationFollowerKeyTests
{
    private static ApiKeyRecord Record(NewApiKey key) =>
        new() { KeyId = key.KeyId, SecretHash = [.. key.SecretHash], CreatedAt = DateTimeOffset.UnixEpoch };

    [Fact]
    public async Task Rebuild_AppWithoutKeyRequirement_HasNoKeysToCheck()
    {
        await using FollowerHarness harness = new();

        // Keys kept while the requirement is off are not checked: the route carries nothing.
        RoutingSnapshot snapshot = harness.Rebuild(Config(1, [App("open") with { ApiKeys = [Record(ApiKeyFormat.Generate())] }]));

        Assert.Null(snapshot.Apps["open"].Keys);
    }

    [Fact]
    public async Task Rebuild_AppRequiringAKey_FreezesItsKeys()
    {
        await using FollowerHarness harness = new();
        var key = ApiKeyFormat.Generate();

        RoutingSnapshot snapshot = harness.Rebuild(Config(1, [App("closed") with { RequireKey = true, ApiKeys = [Record(key)] }, App("open")]));

        AppKeys keys = Assert.IsType<AppKeys>(snapshot.Apps["closed"].Keys);
        Assert.Equal(KeyCheck.Accepted, keys.Check(key.Key));
        Assert.Null(snapshot.Apps["open"].Keys);
    }

    [Fact]
    public async Task Rebuild_KeyRevoked_NextSnapshotRefusesItAndTheOldOneIsUnchanged()
    {
        await using FollowerHarness harness = new();
        var kept = ApiKeyFormat.Generate();
        var revoked = ApiKeyFormat.Generate();
        var before = harness.Rebuild(Config(1, [App("closed") with { RequireKey = true, ApiKeys = [Record(kept), Record(revoked)] }]));

        var after = harness.Rebuild(Config(2, [App("closed") with { RequireKey = true, ApiKeys = [Record(kept)] }]));

        Assert.Equal(KeyCheck.Invalid, after.Apps["closed"].Keys!.Check(revoked.Key));
        Assert.Equal(KeyCheck.Accepted, after.Apps["closed"].Keys!.Check(kept.Key));
        Assert.Equal(KeyCheck.Accepted, before.Apps["closed"].Keys!.Check(revoked.Key));
    }

    [Fact]
    public async Task Rebuild_RequirementWithNoKeys_RefusesEveryKey()
    {
        await using FollowerHarness harness = new();

        RoutingSnapshot snapshot = harness.Rebuild(Config(1, [App("closed") with { RequireKey = true }]));

        Assert.Equal(KeyCheck.Invalid, snapshot.Apps["closed"].Keys!.Check(ApiKeyFormat.Generate().Key));
    }
}
