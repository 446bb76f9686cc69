using System.Globalization;

namespace Clipper.Benchmarks.Path;

/// <summary>
/// Outside BenchmarkDotNet: runs <see cref="FrontendPathBenchmarks"/>' frontend case for many requests and prints the
/// bytes allocated per request (all threads) and the types that allocate them, sampled by <see cref="AllocationSampler"/>.
/// Run with <c>dotnet run -c Release --project bench/Clipper.Benchmarks -- path-allocations [requests]</c>.
/// </summary>
internal static class PathAllocationReport
{
    /// <summary>Runs the report; returns the process exit code.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        var requests = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
        var bench = new FrontendPathBenchmarks();
        bench.SetupFrontend();
        try
        {
            using var sampler = new AllocationSampler();
            for (var i = 0; i < 20_000; i++)
            {
                bench.Frontend();
            }

            Measure(bench, requests, "frontend, all threads", sampler);
        }
        finally
        {
            bench.Cleanup();
        }

        var baseline = new FrontendPathBenchmarks();
        baseline.SetupKestrel();
        try
        {
            for (var i = 0; i < 20_000; i++)
            {
                baseline.BareKestrel();
            }

            Measure(baseline, requests, "bare Kestrel, all threads", null);
        }
        finally
        {
            baseline.Cleanup();
        }

        return 0;
    }

    private static void Measure(FrontendPathBenchmarks bench, int requests, string label, AllocationSampler? sampler)
    {
        sampler?.Record();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var isFrontend = sampler is not null;
        for (var i = 0; i < requests; i++)
        {
            _ = isFrontend ? bench.Frontend() : bench.BareKestrel();
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        sampler?.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {requests} requests, {(double)allocated / requests:F1} B per request"));
        if (sampler is null)
        {
            return;
        }

        long sampled = 0;
        foreach (var entry in sampler.ByType)
        {
            sampled += entry.Value.Bytes;
        }

        var rows = new List<KeyValuePair<string, (long Count, long Bytes)>>(sampler.ByType);
        rows.Sort((a, b) => b.Value.Bytes.CompareTo(a.Value.Bytes));
        foreach (var (type, (count, bytes)) in rows)
        {
            // Each tick stands for the bytes allocated since the last one; scaled to the measured total.
            var perRequest = sampled == 0 ? 0 : (double)bytes / sampled * allocated / requests;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {perRequest,8:F1} B/request  {count,6} ticks  {type}"));
        }
    }
}
