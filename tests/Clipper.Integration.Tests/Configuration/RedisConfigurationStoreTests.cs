using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Configuration;

public sealed class RedisConfigurationStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly RedisConfigurationStore _store = StoreFactory.Connect(redis.Server);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync().AsTask().WithTimeout();

    [Fact]
    public async Task LoadAsync_EmptyStore_ReturnsAnEmptySnapshotAtRevisionZero()
    {
        var snapshot = await _store.LoadAsync().WithTimeout();

        Assert.Equal(0, snapshot.Revision);
        Assert.Equal("", snapshot.Epoch);
        Assert.Empty(snapshot.Applications);
        Assert.Empty(snapshot.ModelVersions);
        Assert.Empty(snapshot.Replicas);
    }

    [Fact]
    public async Task Change_Applied_IncrementsTheRevisionAndRoundTripsTheRecords()
    {
        var first = await _store.AddApplicationAsync(StoreFactory.App("app", InputType.Integers, 5000)).AssertApplied();
        var second = await _store.AddModelVersionAsync(StoreFactory.Model("m", "v1", InputType.Integers, 8)).AssertApplied();
        var third = await _store.AddModelLinksAsync("app", ["m"]).AssertApplied();

        Assert.Equal([1L, 2L, 3L], new[] { first.Revision, second.Revision, third.Revision });
        var snapshot = await _store.LoadAsync().WithTimeout();
        Assert.Equal(3, snapshot.Revision);
        Assert.NotEmpty(snapshot.Epoch);
        var app = snapshot.Applications["app"];
        Assert.Equal(InputType.Integers, app.InputType);
        Assert.Equal("-1", app.DefaultOutput);
        Assert.Equal(5000, app.LatencySloMicros);
        Assert.Equal(["m"], app.LinkedModels.ToArray());
        var model = snapshot.ModelVersions[new ModelVersionId("m", "v1")];
        Assert.Equal(InputType.Integers, model.InputType);
        Assert.Equal(8, model.BatchSize);
        Assert.Equal("image:1", model.ContainerName);
        Assert.Equal("/m", model.ModelDataPath);
        Assert.True(model.IsCurrent);
        Assert.Equal(["x", "y,z"], model.Labels.ToArray());
        Assert.True(snapshot.TryGetCurrentVersion("m", out var current));
        Assert.Equal("v1", current.Version);
    }

    [Fact]
    public async Task AddModelVersion_NewVersion_BecomesCurrentAndSetCurrentRollsBack()
    {
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "2")).AssertApplied();
        Assert.Equal("2", (await _store.LoadAsync().WithTimeout()).CurrentVersions["m"].Version);

        await _store.SetCurrentModelVersionAsync(new ModelVersionId("m", "1")).AssertApplied();

        var snapshot = await _store.LoadAsync().WithTimeout();
        Assert.Equal("1", snapshot.CurrentVersions["m"].Version);
        Assert.True(snapshot.ModelVersions[new ModelVersionId("m", "1")].IsCurrent);
        Assert.False(snapshot.ModelVersions[new ModelVersionId("m", "2")].IsCurrent);
    }

    [Fact]
    public async Task DeleteModelVersion_OfTheCurrentVersion_LeavesTheModelWithoutCurrentVersion()
    {
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "2")).AssertApplied();

        await _store.DeleteModelVersionAsync(new ModelVersionId("m", "2")).AssertApplied();

        var snapshot = await _store.LoadAsync().WithTimeout();
        Assert.Single(snapshot.ModelVersions);
        Assert.False(snapshot.TryGetCurrentVersion("m", out _));
        await _store.DeleteModelVersionAsync(new ModelVersionId("m", "2")).AssertRefused(ConfigurationErrorCode.NotFound);
    }

    [Fact]
    public async Task DeleteApplication_Linked_RemovesItsLinksSoANewAppOfTheSameNameStartsUnlinked()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        await _store.AddModelLinksAsync("app", ["m"]).AssertApplied();

        await _store.DeleteApplicationAsync("app").AssertApplied();
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();

        Assert.Empty((await _store.LoadAsync().WithTimeout()).Applications["app"].LinkedModels);
    }

    [Fact]
    public async Task Change_Refused_LeavesTheStoreUntouched()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app", InputType.Doubles)).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1", InputType.Doubles)).AssertApplied();
        await _store.AddModelLinksAsync("app", ["m"]).AssertApplied();
        var before = await _store.LoadAsync().WithTimeout();

        await _store.AddModelVersionAsync(StoreFactory.Model("m", "2", InputType.Strings)).AssertRefused(ConfigurationErrorCode.InputTypeMismatch);
        await _store.AddApplicationAsync(StoreFactory.App("app", InputType.Strings)).AssertRefused(ConfigurationErrorCode.AlreadyExists);
        await _store.AddModelLinksAsync("app", ["m", "m"]).AssertRefused(ConfigurationErrorCode.OneModelPerApplication);
        await _store.AddApplicationAsync(StoreFactory.App("Bad_Name")).AssertRefused(ConfigurationErrorCode.InvalidName);
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "3", batchSize: 0)).AssertRefused(ConfigurationErrorCode.InvalidBatchSize);

        var after = await _store.LoadAsync().WithTimeout();
        Assert.True(after.IsSameStateAs(before));
        Assert.Equal(before.ModelVersions.Keys.Order(), after.ModelVersions.Keys.Order());
        Assert.Equal("1", after.CurrentVersions["m"].Version);
    }

    [Fact]
    public async Task AddApplication_ConcurrentCallsForOneName_ExactlyOneWins()
    {
        var attempts = Enumerable.Range(0, 12).Select(_ => _store.AddApplicationAsync(StoreFactory.App("racy"))).ToArray();

        var results = await Task.WhenAll(attempts).WithTimeout();

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ConfigurationErrorCode.AlreadyExists, r.Error!.Code));
    }

    [Fact]
    public async Task AddModelLinks_ConcurrentCallsForDifferentModels_KeepOneModelPerApplication()
    {
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        var models = Enumerable.Range(0, 6).Select(i => "m" + i).ToArray();
        foreach (var model in models)
        {
            await _store.AddModelVersionAsync(StoreFactory.Model(model, "1")).AssertApplied();
        }

        var results = await Task.WhenAll(models.Select(m => _store.AddModelLinksAsync("app", [m]))).WithTimeout();

        Assert.Single(results, r => r.Succeeded);
        Assert.Single((await _store.LoadAsync().WithTimeout()).Applications["app"].LinkedModels);
    }

    [Fact]
    public async Task Subscribe_EveryChange_IsPublishedOnTheChangeChannel()
    {
        var received = new List<string>();
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var scope = new TestScope();
        scope.Add(await _store.SubscribeAsync(message =>
        {
            lock (received)
            {
                received.Add(message);
                if (received.Count == 3)
                {
                    three.TrySetResult();
                }
            }
        }).WithTimeout());

        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        await _store.DeleteApplicationAsync("app").AssertApplied();
        await three.Task.WithTimeout();

        lock (received)
        {
            Assert.Equal(["add_app app", "add_model m:1", "delete_app app"], received);
        }
    }

    [Fact]
    public async Task LoadAsync_StoreWithAnotherKeyPrefixOnTheSameRedis_SeesNothingOfTheFirst()
    {
        await using var scope = new TestScope();
        var other = scope.Add(StoreFactory.Connect(redis.Server));

        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();

        Assert.Empty((await other.LoadAsync().WithTimeout()).Applications);
        await other.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
    }
}
