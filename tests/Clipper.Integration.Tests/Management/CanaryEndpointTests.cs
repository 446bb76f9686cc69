using System.Globalization;
using Clipper.Configuration;
using Clipper.Integration.Tests.Configuration;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

/// <summary>Our canary endpoints (start_canary, get_canary, promote_canary, rollback_canary): answers and precise 400s.</summary>
public sealed class CanaryEndpointTests(RedisFixture redis) : ManagementTestBase(redis)
{
    private async Task SetUpAsync()
    {
        await Frontend.AddAppAsync("app", sloMicros: 20_000);
        await Frontend.AddModelAsync("m", "2");
        await Frontend.AddModelAsync("m", "1");
        await Frontend.LinkAsync("app", "m");
    }

    [Fact]
    public async Task StartCanary_ThenGetPromote_AnswersTheRecordAndSwitchesTheVersion()
    {
        await SetUpAsync();

        var started = (await Frontend.PostAsync("start_canary", new { app_name = "app", model_name = "m", model_version = "2", percent = 10, step = 30, interval_seconds = 0.5, max_error_rate = 0.05 })).AssertOk();
        var canary = (await Frontend.PostAsync("get_canary", new { app_name = "app" })).AssertOk().Json;

        Assert.Equal("Started a canary on application 'app': 10% of the queries of model 'm' go to version '2', the rest to '1'", started.Body);
        Assert.Equal(
            ["model_name", "model_version", "baseline_version", "percent", "step", "interval_seconds", "max_error_rate", "max_p99_micros", "state", "started_at", "step_at", "reason", "answered", "failed", "error_rate", "p99_micros"],
            canary.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("2", "1", 10, 30), (canary.GetProperty("model_version").GetString(), canary.GetProperty("baseline_version").GetString(), canary.GetProperty("percent").GetInt32(), canary.GetProperty("step").GetInt32()));
        Assert.Equal((0.5, 0.05, 20_000L), (canary.GetProperty("interval_seconds").GetDouble(), canary.GetProperty("max_error_rate").GetDouble(), canary.GetProperty("max_p99_micros").GetInt64()));
        Assert.Equal(("running", 0L), (canary.GetProperty("state").GetString(), canary.GetProperty("answered").GetInt64()));

        (await Frontend.PostAsync("promote_canary", new { app_name = "app" })).AssertOk();
        var promoted = (await Frontend.PostAsync("get_canary", new { app_name = "app" })).AssertOk().Json;
        Assert.Equal(("promoted", "promoted by hand"), (promoted.GetProperty("state").GetString(), promoted.GetProperty("reason").GetString()));
        Assert.True((await Frontend.PostAsync("get_model", new { model_name = "m", model_version = "2" })).Json.GetProperty("is_current_version").GetBoolean());
    }

    [Fact]
    public async Task GetCanary_TwoFrontendsWindows_AnswersTheirSumsAndTheLargestP99()
    {
        await SetUpAsync();
        (await Frontend.PostAsync("start_canary", new { app_name = "app", model_name = "m", model_version = "2", percent = 10 })).AssertOk();
        var stepAt = DateTimeOffset.Parse((await Frontend.PostAsync("get_canary", new { app_name = "app" })).Json.GetProperty("step_at").GetString()!, CultureInfo.InvariantCulture);
        await using var store = StoreFactory.Connect(Redis.Server, Frontend.KeyPrefix);
        var stats = store.CreateCanaryStats();
        var now = DateTimeOffset.UtcNow;
        await stats.PublishAsync("app", new CanaryWindow { FrontendId = "fe-1", Answered = 150, Failed = 1, P99Micros = 900, Since = stepAt, At = now }, TimeSpan.FromMinutes(1)).WithTimeout();
        await stats.PublishAsync("app", new CanaryWindow { FrontendId = "fe-2", Answered = 50, Failed = 0, P99Micros = 1_500, Since = stepAt, At = now }, TimeSpan.FromMinutes(1)).WithTimeout();
        await stats.PublishAsync("app", new CanaryWindow { FrontendId = "fe-3", Answered = 999, Failed = 999, P99Micros = 9_999, Since = stepAt.AddSeconds(-1), At = now }, TimeSpan.FromMinutes(1)).WithTimeout();

        var canary = (await Frontend.PostAsync("get_canary", new { app_name = "app" })).AssertOk().Json;

        Assert.Equal((200L, 1L, 0.005, 1_500L), (canary.GetProperty("answered").GetInt64(), canary.GetProperty("failed").GetInt64(), canary.GetProperty("error_rate").GetDouble(), canary.GetProperty("p99_micros").GetInt64()));
    }

    [Fact]
    public async Task RollbackCanary_Twice_SecondSaysItHadFinished()
    {
        await SetUpAsync();
        (await Frontend.PostAsync("start_canary", new { app_name = "app", model_name = "m", model_version = "2", percent = 5 })).AssertOk();

        var first = (await Frontend.PostAsync("rollback_canary", new { app_name = "app" })).AssertOk();
        var second = (await Frontend.PostAsync("rollback_canary", new { app_name = "app" })).AssertOk();

        Assert.Equal("Rolled back the canary of application 'app': every query of model 'm' goes to version '1'", first.Body);
        Assert.Equal("The canary of application 'app' had already finished: nothing to roll back", second.Body);
        Assert.Equal("rolled_back", (await Frontend.PostAsync("get_canary", new { app_name = "app" })).Json.GetProperty("state").GetString());
        (await Frontend.PostAsync("promote_canary", new { app_name = "app" })).AssertBadRequest("Cannot promote the canary of application 'app'", "it is rolled_back, not running");
        var metrics = PrometheusText.Parse(await Frontend.Client.GetStringAsync("metrics").WithTimeout());
        Assert.Equal(1, metrics.Value("clipper_management_canary_transitions_total", "app=app", "transition=started"));
        Assert.Equal(1, metrics.Value("clipper_management_canary_transitions_total", "app=app", "transition=rolled_back"));
    }

    [Fact]
    public async Task GetCanary_AppWithoutOne_AnswersAnEmptyObjectAndUnknownAppsAreRefused()
    {
        await SetUpAsync();

        Assert.Equal("{}", (await Frontend.PostAsync("get_canary", new { app_name = "app" })).AssertOk().Body);
        (await Frontend.PostAsync("get_canary", new { app_name = "nope" })).AssertBadRequest("No application with name 'nope' exists.", "field: app_name");
        (await Frontend.PostAsync("rollback_canary", new { app_name = "app" })).AssertBadRequest("Application 'app' has no canary", "rule: must-exist");
        (await Frontend.PostAsync("promote_canary", new { })).AssertBadRequest("JSON object does not have required key: app_name");
    }

    [Theory]
    [InlineData("""{"model_name": "m", "model_version": "2", "percent": 10}""", "JSON object does not have required key: app_name")]
    [InlineData("""{"app_name": "app", "model_version": "2", "percent": 10}""", "JSON object does not have required key: model_name")]
    [InlineData("""{"app_name": "app", "model_name": "m", "percent": 10}""", "JSON object does not have required key: model_version")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2"}""", "JSON object does not have required key: percent")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": "10"}""", "JSON key percent expected type Number but found type String")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 0}""", "Invalid percent 0: the canary's share of the model's queries must be 1 to 100", "field: percent")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 101}""", "Invalid percent 101", "field: percent")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 10, "step": 101}""", "Invalid step 101", "field: step")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 10, "step": -1}""", "Invalid step -1", "field: step")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 10, "interval_seconds": 0}""", "Invalid interval_seconds 0: the time each share must hold before it widens must be positive", "field: interval_seconds")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 10, "interval_seconds": "30s"}""", "JSON key interval_seconds expected type Number but found type String")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 10, "max_error_rate": 1.01}""", "Invalid max_error_rate 1.01: the largest share of the canary's queries that may fail must be 0 to 1", "field: max_error_rate")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 10, "max_p99_micros": -1}""", "Invalid max_p99_micros -1", "field: max_p99_micros")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "2", "percent": 10, "max_p99_micros": 2.5}""", "JSON key max_p99_micros expected an integer but found 2.5")]
    [InlineData("""{"app_name": "nope", "model_name": "m", "model_version": "2", "percent": 10}""", "No app with name 'nope' exists.", "field: app_name")]
    [InlineData("""{"app_name": "app", "model_name": "n", "model_version": "1", "percent": 10}""", "Model 'n' is not linked to application 'app'", "field: model_name")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "9", "percent": 10}""", "Version '9' of model 'm' is not registered", "field: model_version")]
    [InlineData("""{"app_name": "app", "model_name": "m", "model_version": "1", "percent": 10}""", "Version '1' is already the current version of model 'm'", "field: model_version")]
    public async Task StartCanary_BadField_IsRefusedNamingIt(string body, params string[] expected)
    {
        await SetUpAsync();

        (await Frontend.PostAsync("start_canary", body)).AssertBadRequest(expected);
        Assert.Equal("{}", (await Frontend.PostAsync("get_canary", new { app_name = "app" })).Body);
    }
}
