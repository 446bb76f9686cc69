using System.Diagnostics.Metrics;
using Clipper.QueryFrontend.Caching;
using Clipper.QueryFrontend.Models;

namespace Clipper.QueryFrontend.Metrics;

internal sealed partial class FrontendMetrics
{
    /// <summary>The prediction caches' instruments, read from each version's cache when observed (nothing is counted per query here).</summary>
    private void CreateCacheInstruments(Meter meter, ModelRegistry models)
    {
        meter.CreateObservableCounter("clipper.frontend.cache.lookups", () => ObserveCacheLookups(models), "{query}",
            "Queries looked up in each model version's prediction cache, by result: hit (answered from the cache), coalesced (waited for an identical query in flight), miss (evaluated by the model).");
        meter.CreateObservableCounter("clipper.frontend.cache.evictions", () => ObserveCaches(models, static c => c.Evictions), "{entry}",
            "Entries evicted from each model version's prediction cache to stay within its bound.");
        meter.CreateObservableGauge("clipper.frontend.cache.size", () => ObserveCaches(models, static c => c.Bytes), "By",
            "Bytes each model version's prediction cache holds (inputs, answers and a fixed overhead per entry), within its bound.");
    }

    private IEnumerable<Measurement<long>> ObserveCacheLookups(ModelRegistry models)
    {
        foreach (var runtime in models.All)
        {
            if (runtime.Cache is not { } cache)
            {
                continue;
            }

            var tags = TagsOf(runtime.Key);
            yield return new Measurement<long>(cache.Hits, [.. tags, new("result", "hit")]);
            yield return new Measurement<long>(cache.Coalesced, [.. tags, new("result", "coalesced")]);
            yield return new Measurement<long>(cache.Misses, [.. tags, new("result", "miss")]);
        }
    }

    private IEnumerable<Measurement<long>> ObserveCaches(ModelRegistry models, Func<PredictionCache, long> read)
    {
        foreach (var runtime in models.All)
        {
            if (runtime.Cache is { } cache)
            {
                yield return new Measurement<long>(read(cache), TagsOf(runtime.Key));
            }
        }
    }
}
