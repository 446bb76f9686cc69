using BenchmarkDotNet.Attributes;
using Clipper.Configuration.Metrics;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Queries;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Clipper.Benchmarks.Metrics;

/// <summary>
/// What the query frontend's metrics cost one prediction of one input: its answer counted, its latency recorded, its
/// queue wait and batch recorded. <c>Exported = false</c> is the baseline with nobody listening (the plain counts for
/// the JSON only); <c>true</c> is the frontend as it runs, with OpenTelemetry's Prometheus exporter listening. Neither
/// should allocate: the tags are arrays cached per application, model version and outcome.
/// </summary>
public class FrontendMetricsBenchmarks
{
    private static readonly ModelVersionId s_model = new("model", "1");
    private readonly Query[] _answered = [new(1, ReadOnlyMemory<byte>.Empty, 0, [])];
    private readonly Query?[] _batch = new Query?[1];
    private ServiceProvider _services = null!;
    private FrontendMetrics _metrics = null!;
    private AppMetrics _app = null!;

    /// <summary>Whether the Prometheus exporter listens.</summary>
    [Params(false, true)]
    public bool Exported { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        if (Exported)
        {
            services.AddPrometheusMetrics("bench", FrontendMetrics.MeterName);
        }
        else
        {
            services.AddMetrics();
        }

        _services = services.BuildServiceProvider();
        if (Exported)
        {
            // The provider starts listening when it is built, as the host's start builds it.
            _ = _services.GetRequiredService<MeterProvider>();
        }

        _metrics = new FrontendMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _app = _metrics.ForApp("app");
        _batch[0] = _answered[0];
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public void OnePrediction()
    {
        _metrics.BatchSent(s_model, _batch, TimeProvider.System.GetTimestamp(), TimeProvider.System);
        _metrics.Answered(_app, s_model, _answered);
        _metrics.RequestCompleted(_app, TimeSpan.FromMilliseconds(1.5));
    }
}
