using System.Diagnostics.Metrics;
using Clipper.Admin.Canary;
using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Configuration;
using Clipper.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.Integration.Tests.Canary;

/// <summary>The canary controller, one tick at a time on a fake clock, over a real Redis store and real published windows.</summary>
public sealed class CanaryControllerTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private static readonly TimeSpan s_ttl = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string App, string Transition)> _transitions = [];
    private readonly LogCapture _logs = new();
    private RedisConfigurationStore _store = null!;
    private RedisCanaryStats _stats = null!;
    private CanaryController _controller = null!;

    public async Task InitializeAsync()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "clipper.management.canary.transitions")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string app = "", transition = "";
            foreach (var tag in tags)
            {
                app = tag.Key == "app" ? (string)tag.Value! : app;
                transition = tag.Key == "transition" ? (string)tag.Value! : transition;
            }

            lock (_transitions)
            {
                _transitions.Add((app, transition));
            }
        });
        _listener.Start();

        _store = StoreFactory.Connect(redis.Server);
        _stats = _store.CreateCanaryStats(_time);
        var loggers = new LoggerFactory([_logs]);
        var transitions = new CanaryTransitions(new CanaryMetrics(meters), loggers.CreateLogger<CanaryTransitions>());
        _controller = new CanaryController(_store, _stats, transitions, new CanaryControllerOptions(), _time, loggers.CreateLogger<CanaryController>());

        await _store.AddApplicationAsync(StoreFactory.App("app", slo: 20_000)).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "2")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        await _store.AddModelLinksAsync("app", ["m"]).AssertApplied();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _services.DisposeAsync();
        await _store.DisposeAsync().AsTask().WithTimeout();
    }

    [Fact]
    public async Task Tick_AfterTheIntervalWithAnswers_WidensByTheStep()
    {
        await StartAsync(percent: 10, step: 20);
        await PublishAsync(answered: 100, failed: 0, p99: 1_000);

        _time.Advance(TimeSpan.FromSeconds(29));
        await TickAsync();
        var held = await CanaryAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await TickAsync();
        var widened = await CanaryAsync();

        Assert.Equal(10, held.Percent);
        Assert.Equal((30, CanaryState.Running, _time.GetUtcNow()), (widened.Percent, widened.State, widened.StepAt));
        Assert.Equal([("app", "widened")], _transitions);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("Canary on app widened: model m version 2 from 10% to 30% (baseline 1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tick_WithoutAnswersInTheCurrentShare_NeverWidens()
    {
        await StartAsync(percent: 10, step: 20);

        _time.Advance(TimeSpan.FromMinutes(5));
        await TickAsync();
        await PublishAsync(answered: 50, failed: 0, p99: 1_000, since: (await CanaryAsync()).StepAt.AddSeconds(-1));
        _time.Advance(TimeSpan.FromMinutes(5));
        await TickAsync();

        Assert.Equal(10, (await CanaryAsync()).Percent);
        Assert.Empty(_transitions);
    }

    [Fact]
    public async Task Tick_WideningThatReaches100_PromotesTheVersion()
    {
        await StartAsync(percent: 90, step: 20);
        await PublishAsync(answered: 10, failed: 0, p99: 1_000);

        _time.Advance(TimeSpan.FromSeconds(30));
        await TickAsync();
        var state = await _store.LoadAsync().WithTimeout();

        Assert.Equal((CanaryState.Promoted, 100), (state.Applications["app"].Canary!.State, state.Applications["app"].Canary!.Percent));
        Assert.Equal("2", state.CurrentVersions["m"].Version);
        Assert.Equal([("app", "promoted")], _transitions);
    }

    [Fact]
    public async Task Tick_ErrorRateAboveTheLimit_RollsBackAtOnce()
    {
        await StartAsync(percent: 10, step: 20);
        await PublishAsync(answered: 100, failed: 3, p99: 1_000, frontend: "fe-1");
        await PublishAsync(answered: 100, failed: 2, p99: 1_000, frontend: "fe-2");

        await TickAsync();
        var state = await _store.LoadAsync().WithTimeout();
        var canary = state.Applications["app"].Canary!;

        Assert.Equal(CanaryState.RolledBack, canary.State);
        Assert.Equal("error rate 0.025 (5 of 200 queries answered by default) is above max_error_rate 0.01 at 10%", canary.Reason);
        Assert.Equal("1", state.CurrentVersions["m"].Version);
        Assert.Equal([("app", "rolled_back")], _transitions);
    }

    [Fact]
    public async Task Tick_P99AboveTheLimit_RollsBackNamingTheLatency()
    {
        await StartAsync(percent: 10, step: 20);
        await PublishAsync(answered: 100, failed: 0, p99: 15_000, frontend: "fe-1");
        await PublishAsync(answered: 1, failed: 0, p99: 25_000, frontend: "fe-2");

        await TickAsync();
        var canary = await CanaryAsync();

        Assert.Equal(CanaryState.RolledBack, canary.State);
        Assert.Equal("p99 latency 25000 µs (of 101 queries) is above max_p99 20000 µs at 10%", canary.Reason);
    }

    [Fact]
    public async Task Tick_AfterAFrontendRolledBack_CountsTheRollbackOnce()
    {
        await StartAsync(percent: 10, step: 20);
        await TickAsync();

        await _store.RollBackCanaryAsync("app", "frontend fe-1: error rate 0.5").AssertApplied();
        await TickAsync();
        await TickAsync();

        Assert.Equal([("app", "rolled_back")], _transitions);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("frontend fe-1: error rate 0.5", StringComparison.Ordinal));
    }

    private async Task StartAsync(int percent, int step)
    {
        var now = _time.GetUtcNow();
        await _store.StartCanaryAsync("app", new CanaryRecord { Model = "m", Version = "2", BaselineVersion = "", Percent = percent, Step = step, StartedAt = now, StepAt = now }).AssertApplied();
    }

    private async Task PublishAsync(long answered, long failed, long p99, string frontend = "fe-1", DateTimeOffset? since = null)
    {
        var window = new CanaryWindow { FrontendId = frontend, Answered = answered, Failed = failed, P99Micros = p99, Since = since ?? (await CanaryAsync()).StepAt, At = _time.GetUtcNow() };
        await _stats.PublishAsync("app", window, s_ttl).WithTimeout();
    }

    private async Task<CanaryRecord> CanaryAsync() => (await _store.LoadAsync().WithTimeout()).Applications["app"].Canary!;

    private Task TickAsync() => _controller.TickAsync(CancellationToken.None).WithTimeout();
}
