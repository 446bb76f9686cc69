using System.Diagnostics.Metrics;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Microsoft.Extensions.DependencyInjection;

namespace Clipper.QueryFrontend.Tests.Metrics;

/// <summary>What the instruments record, heard through a <see cref="MeterListener"/> scoped to this test's meter factory.</summary>
public sealed class FrontendMetricsTests : IDisposable
{
    private static readonly ModelVersionId s_model = new("m", "1");
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly FrontendMetrics _metrics;

    public FrontendMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's meter: other tests' frontends in this process publish instruments of the same name.
            if (instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, copy));
            }
        });
        _listener.Start();
        _metrics = new FrontendMetrics(factory);
    }

    [Fact]
    public void Answered_ABatchOfMixedOutcomes_AddsOncePerOutcomeWithItsTags()
    {
        var app = _metrics.ForApp("a");
        var queries = new[] { Answered(DefaultReason.None), Answered(DefaultReason.None), Answered(DefaultReason.ObjectiveMissed) };

        _metrics.Answered(app, s_model, queries);

        var adds = _measurements.Where(m => m.Instrument == "clipper.frontend.queries").ToList();
        Assert.Equal(2, adds.Count);
        var model = Assert.Single(adds, m => (string?)m.Tags["outcome"] == "model");
        Assert.Equal(2, model.Value);
        Assert.Equal(new Dictionary<string, object?> { ["app"] = "a", ["model"] = "m", ["version"] = "1", ["outcome"] = "model" }, model.Tags);
        var missed = Assert.Single(adds, m => (string?)m.Tags["outcome"] == "default");
        Assert.Equal(1, missed.Value);
        Assert.Equal("objective_missed", missed.Tags["reason"]);
        Assert.Equal(2, app.AnswerCount(DefaultReason.None));
        Assert.Equal(1, app.AnswerCount(DefaultReason.ObjectiveMissed));
        Assert.Equal(2, _metrics.AnswerCount(DefaultReason.None));
    }

    [Fact]
    public void Answered_SameAppAndModelTwice_ReusesTheTagArrays()
    {
        var app = _metrics.ForApp("a");

        Assert.Same(app.QueryTagsFor(s_model, DefaultReason.None), app.QueryTagsFor(new ModelVersionId("m", "1"), DefaultReason.None));
        Assert.NotSame(app.QueryTagsFor(s_model, DefaultReason.None), app.QueryTagsFor(new ModelVersionId("m", "2"), DefaultReason.None));
        Assert.Same(app, _metrics.ForApp("a"));
    }

    [Theory]
    [InlineData(400, "400", 0)]
    [InlineData(503, "503", 5)]
    [InlineData(418, AppMetrics.OtherStatus, 6)]
    public void Refused_CountsByStatusSlot(int status, string tag, int slot)
    {
        var app = _metrics.ForApp("a");

        _metrics.Refused(app, status);

        var add = Assert.Single(_measurements, m => m.Instrument == "clipper.frontend.requests");
        Assert.Equal(tag, add.Tags["status"]);
        Assert.Equal("a", add.Tags["app"]);
        Assert.Equal(1, app.RefusedCount(slot));
        Assert.Equal(status == 503 ? 1 : 0, _metrics.RejectedCount);
    }

    [Fact]
    public void ReplicaConnected_ItsContainerReturned_CountsAReconnect()
    {
        _metrics.ReplicaConnected(s_model, returned: false);
        _metrics.ReplicaConnected(s_model, returned: false);
        _metrics.ReplicaConnected(s_model, returned: true);

        var reconnect = Assert.Single(_measurements, m => m.Instrument == "clipper.frontend.rpc.reconnects");
        Assert.Equal("m", reconnect.Tags["model"]);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private static Query Answered(DefaultReason reason)
    {
        var query = new Query(1, ReadOnlyMemory<byte>.Empty, 0, []);
        if (reason != DefaultReason.None)
        {
            query.TryCompleteWithDefault(reason);
        }

        return query;
    }
}
