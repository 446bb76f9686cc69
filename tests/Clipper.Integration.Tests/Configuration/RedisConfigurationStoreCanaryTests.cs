using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>Canary rollouts in a real Redis: every refusal, the compare-and-set, promotion, rollback, and what ends a canary.</summary>
public sealed class RedisConfigurationStoreCanaryTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private RedisConfigurationStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = StoreFactory.Connect(redis.Server);
        await _store.AddApplicationAsync(StoreFactory.App("app", slo: 20_000)).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "2")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        await _store.AddModelLinksAsync("app", ["m"]).AssertApplied();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync().AsTask().WithTimeout();

    internal static CanaryRecord Canary(string version = "2", int percent = 10, int step = 20) => new()
    {
        Model = "m",
        Version = version,
        BaselineVersion = "ignored",
        Percent = percent,
        Step = step,
        StartedAt = s_start,
        StepAt = s_start,
    };

    [Fact]
    public async Task StartCanaryAsync_ValidCanary_IsStoredWithTheBaselineAndTheAppsObjective()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();
        var canary = (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary;

        Assert.Equal(Canary() with { BaselineVersion = "1", MaxP99 = TimeSpan.FromMilliseconds(20) }, canary);
        Assert.Equal(TimeSpan.FromSeconds(30), canary!.Interval);
        Assert.Equal(0.01, canary.MaxErrorRate);
    }

    [Theory]
    [InlineData("nope", "m", "2", ConfigurationErrorCode.NotFound, "No app with name 'nope' exists.")]
    [InlineData("app", "n", "1", ConfigurationErrorCode.LinkNotFound, "Model 'n' is not linked to application 'app'")]
    [InlineData("app", "m", "3", ConfigurationErrorCode.NotFound, "Version '3' of model 'm' is not registered")]
    [InlineData("app", "m", "1", ConfigurationErrorCode.InvalidValue, "Version '1' is already the current version of model 'm'")]
    [InlineData("app", "m", "Bad", ConfigurationErrorCode.InvalidName, "Invalid model version 'Bad'")]
    public async Task StartCanaryAsync_BadTarget_IsRefusedNamingIt(string app, string model, string version, ConfigurationErrorCode code, string message)
    {
        await _store.AddModelVersionAsync(StoreFactory.Model("n", "1")).AssertApplied();

        var error = await _store.StartCanaryAsync(app, Canary(version) with { Model = model }).AssertRefused(code);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.All((await _store.LoadAsync().WithTimeout()).Applications.Values, a => Assert.Null(a.Canary));
    }

    [Fact]
    public async Task StartCanaryAsync_VersionOfAnotherInputType_IsRefused()
    {
        // Registered before the link: a linked model refuses versions of another input type.
        await _store.AddModelVersionAsync(StoreFactory.Model("t", "s", InputType.Strings)).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("t", "1")).AssertApplied();
        await _store.SetModelLinkAsync("app", ModelLink.Default("t")).AssertApplied();

        var error = await _store.StartCanaryAsync("app", Canary("s") with { Model = "t" }).AssertRefused(ConfigurationErrorCode.InputTypeMismatch);

        Assert.Equal("model_version", error.Field);
    }

    [Fact]
    public async Task StartCanaryAsync_ModelWithoutCurrentVersion_IsRefused()
    {
        await _store.DeleteModelVersionAsync(new("m", "1")).AssertApplied();

        var error = await _store.StartCanaryAsync("app", Canary()).AssertRefused(ConfigurationErrorCode.NotFound);

        Assert.Contains("Model 'm' has no current version", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 30.0, 0.01, "percent")]
    [InlineData(101, 0, 30.0, 0.01, "percent")]
    [InlineData(10, -1, 30.0, 0.01, "step")]
    [InlineData(10, 101, 30.0, 0.01, "step")]
    [InlineData(10, 10, 0.0, 0.01, "interval_seconds")]
    [InlineData(10, 10, 30.0, 1.5, "max_error_rate")]
    [InlineData(10, 10, 30.0, -0.1, "max_error_rate")]
    public async Task StartCanaryAsync_FieldOutOfRange_IsRefusedNamingTheField(int percent, int step, double intervalSeconds, double maxErrorRate, string field)
    {
        var canary = Canary(percent: percent, step: step) with { Interval = TimeSpan.FromSeconds(intervalSeconds), MaxErrorRate = maxErrorRate };

        var error = await _store.StartCanaryAsync("app", canary).AssertRefused(ConfigurationErrorCode.InvalidValue);

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task StartCanaryAsync_WhileOneRuns_IsRefusedButReplacesAFinishedOne()
    {
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "3")).AssertApplied();
        await _store.SetCurrentModelVersionAsync(new("m", "1")).AssertApplied();
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();

        var error = await _store.StartCanaryAsync("app", Canary("3")).AssertRefused(ConfigurationErrorCode.AlreadyExists);
        await _store.RollBackCanaryAsync("app", "test").AssertApplied();
        await _store.StartCanaryAsync("app", Canary("3")).AssertApplied();

        Assert.Contains("already has a running canary (model 'm' version '2' at 10%)", error.Message, StringComparison.Ordinal);
        Assert.Equal("3", (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary!.Version);
    }

    [Fact]
    public async Task SetCanaryAsync_StaleExpectedRecord_ConflictsAfterAWidening()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();
        var stored = (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary!;
        var widened = stored with { Percent = 30, StepAt = s_start.AddSeconds(31) };

        await _store.SetCanaryAsync("app", stored, widened).AssertApplied();
        var conflict = await _store.SetCanaryAsync("app", stored, stored with { Percent = 50 }).AssertRefused(ConfigurationErrorCode.Conflict);

        Assert.Equal(widened, (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary);
        Assert.Equal("unchanged-since-read", conflict.Rule);
    }

    [Fact]
    public async Task SetCanaryAsync_ChangingTheVersionOrFinishing_IsRefused()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();
        var stored = (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary!;

        await _store.SetCanaryAsync("app", stored, stored with { Version = "1" }).AssertRefused(ConfigurationErrorCode.InvalidValue);
        await _store.SetCanaryAsync("app", stored, stored with { State = CanaryState.Promoted }).AssertRefused(ConfigurationErrorCode.InvalidValue);
        await _store.SetCanaryAsync("app", stored, stored with { Percent = 0 }).AssertRefused(ConfigurationErrorCode.InvalidValue);
    }

    [Fact]
    public async Task PromoteCanaryAsync_SwitchesTheCurrentVersionInTheSameChange()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();
        var before = await _store.LoadAsync().WithTimeout();

        var result = await _store.PromoteCanaryAsync("app", "held").AssertApplied();
        var after = await _store.LoadAsync().WithTimeout();

        Assert.Equal(before.Revision + 1, result.Revision);
        Assert.Equal("2", after.CurrentVersions["m"].Version);
        Assert.Equal(CanaryState.Promoted, after.Applications["app"].Canary!.State);
        Assert.Equal(100, after.Applications["app"].Canary!.Percent);
        Assert.Equal("held", after.Applications["app"].Canary!.Reason);
        await _store.PromoteCanaryAsync("app", "again").AssertRefused(ConfigurationErrorCode.InvalidValue);
    }

    [Fact]
    public async Task RollBackCanaryAsync_KeepsThePercent_AndIsANoOpOnceFinished()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();

        await _store.RollBackCanaryAsync("app", "error rate").AssertApplied();
        var first = await _store.LoadAsync().WithTimeout();
        var again = await _store.RollBackCanaryAsync("app", "twice").AssertApplied();

        var canary = first.Applications["app"].Canary!;
        Assert.Equal((CanaryState.RolledBack, 10, "error rate"), (canary.State, canary.Percent, canary.Reason));
        Assert.Equal(first.Revision, again.Revision);
        Assert.Equal(canary, (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary);
        Assert.Equal("1", first.CurrentVersions["m"].Version);
    }

    [Fact]
    public async Task RollBackPromoteAndDelete_WithoutACanary_AreRefused()
    {
        await _store.RollBackCanaryAsync("app", "x").AssertRefused(ConfigurationErrorCode.NotFound);
        await _store.PromoteCanaryAsync("app", "x").AssertRefused(ConfigurationErrorCode.NotFound);
        await _store.DeleteCanaryAsync("app").AssertRefused(ConfigurationErrorCode.NotFound);
        await _store.RollBackCanaryAsync("nope", "x").AssertRefused(ConfigurationErrorCode.NotFound);
    }

    [Fact]
    public async Task DeleteCanaryAsync_WhileRunning_IsRefusedThenForgetsTheFinishedOne()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();

        var error = await _store.DeleteCanaryAsync("app").AssertRefused(ConfigurationErrorCode.InvalidValue);
        await _store.RollBackCanaryAsync("app", "x").AssertApplied();
        await _store.DeleteCanaryAsync("app").AssertApplied();

        Assert.Contains("roll it back or promote it before deleting it", error.Message, StringComparison.Ordinal);
        Assert.Null((await _store.LoadAsync().WithTimeout()).Applications["app"].Canary);
    }

    [Fact]
    public async Task DeleteApplicationAsync_RemovesTheCanary()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();

        await _store.DeleteApplicationAsync("app").AssertApplied();
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();

        Assert.Null((await _store.LoadAsync().WithTimeout()).Applications["app"].Canary);
    }

    [Fact]
    public async Task DeletingTheCanaryVersion_RollsItBack()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();

        await _store.DeleteModelVersionAsync(new("m", "2")).AssertApplied();
        var canary = (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary!;

        Assert.Equal(CanaryState.RolledBack, canary.State);
        Assert.Equal("version '2' of model 'm' was deleted", canary.Reason);
    }

    [Fact]
    public async Task UnlinkingTheModel_RollsItBack()
    {
        await _store.StartCanaryAsync("app", Canary()).AssertApplied();

        await _store.DeleteModelLinksAsync("app", ["m"]).AssertApplied();
        var canary = (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary!;

        Assert.Equal(CanaryState.RolledBack, canary.State);
        Assert.Equal("model 'm' was unlinked from the application", canary.Reason);
    }
}
