using System.Diagnostics;
using Clipper.LoadGenerator.Cli;
using Clipper.LoadGenerator.Configuration;
using Clipper.LoadGenerator.Http;
using Clipper.LoadGenerator.Measurement;
using Clipper.LoadGenerator.Reporting;

namespace Clipper.LoadGenerator.Running;

/// <summary>One run: probe the target, warm up, measure, print.</summary>
internal static class LoadRun
{
    public static async Task<int> ExecuteAsync(LoadOptions options, CancellationToken cancellation)
    {
        using HttpMessageInvoker invoker = LoadHttpClient.Create(options);
        string? unreachable = await LoadHttpClient.ProbeAsync(invoker, options, cancellation).ConfigureAwait(false);
        if (unreachable is not null)
        {
            Console.Error.WriteLine($"clipper-load: cannot reach {options.Url}: {unreachable}");
            return ExitCodes.Unreachable;
        }

        // The histograms are allocated before the clock starts.
        var stats = new LaneStats[options.Connections];
        for (int i = 0; i < stats.Length; i++)
        {
            stats[i] = new LaneStats(options.Timeout);
        }

        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + ToTicks(options.Warmup);
        var window = new MeasurementWindow(measureFrom, measureFrom + ToTicks(options.Duration));
        var lanes = new Lane[options.Connections];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = new Lane(invoker, options, window, stats[i], i);
        }

        LanePool? pool = options.IsOpenLoop ? new LanePool(lanes) : null;
        if (!options.Json)
        {
            Console.Error.WriteLine(
                $"clipper-load: {TableReport.Describe(options)}: {options.Warmup.TotalSeconds:0.###} s warm-up, then {options.Duration.TotalSeconds:0.###} s measured (Ctrl+C stops early)");
        }

        using (cancellation.Register(() =>
        {
            window.Abort();
            pool?.DropBacklog();
            foreach (Lane lane in lanes)
            {
                lane.Abort();
            }
        }))
        {
            if (pool is not null)
            {
                await OpenLoopRunner.RunAsync(pool, window, start, options.Rate!.Value).ConfigureAwait(false);
            }
            else
            {
                await ClosedLoopRunner.RunAsync(lanes, window).ConfigureAwait(false);
            }
        }

        var result = RunResult.Merge(options, window, stats);
        if (options.Json)
        {
            JsonReport.Write(result, Console.OpenStandardOutput());
        }
        else
        {
            Console.Out.Write(TableReport.Format(result));
        }

        foreach (Lane lane in lanes)
        {
            lane.Dispose();
        }

        return ExitCodes.Ran;
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
