using System.Diagnostics;
using System.Globalization;
using Clipper.LoadGenerator.Cli;
using Clipper.LoadGenerator.Configuration;
using Clipper.LoadGenerator.Http;
using Clipper.LoadGenerator.Measurement;
using Clipper.LoadGenerator.Reporting;

namespace Clipper.LoadGenerator.Running;

/// <summary>One run: check the file limit, probe the target, open every connection, warm up, measure, print.</summary>
internal static class LoadRun
{
    /// <summary>The most statistics groups; lanes beyond it share them (see <see cref="LaneStats"/>).</summary>
    public const int MaxStatsGroups = 64;

    public static async Task<int> ExecuteAsync(LoadOptions options, CancellationToken cancellation)
    {
        if (FileDescriptorLimit.Check(options.Connections, FileDescriptorLimit.Current()) is { } tooFew)
        {
            Console.Error.WriteLine("clipper-load: " + tooFew);
            return ExitCodes.TooFewFileDescriptors;
        }

        using (HttpMessageInvoker probe = LoadHttpClient.Create(options))
        {
            string? unreachable = await LoadHttpClient.ProbeAsync(probe, options, cancellation).ConfigureAwait(false);
            if (unreachable is not null)
            {
                Console.Error.WriteLine($"clipper-load: cannot reach {options.Url}: {unreachable}");
                return ExitCodes.Unreachable;
            }
        }

        // The histograms are allocated before the clock starts.
        var stats = new LaneStats[Math.Min(options.Connections, MaxStatsGroups)];
        for (int i = 0; i < stats.Length; i++)
        {
            stats[i] = new LaneStats(options.Timeout);
        }

        var lanes = new Lane[options.Connections];
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = new Lane(options, stats[i % stats.Length], i);
        }

        try
        {
            return await RunAsync(options, lanes, stats, cancellation).ConfigureAwait(false);
        }
        finally
        {
            foreach (Lane lane in lanes)
            {
                lane.Dispose();
            }
        }
    }

    private static async Task<int> RunAsync(LoadOptions options, Lane[] lanes, LaneStats[] stats, CancellationToken cancellation)
    {
        TimeSpan openTime;
        try
        {
            (openTime, string? failure) = await ConnectionOpener.OpenAllAsync(lanes, cancellation).ConfigureAwait(false);
            if (failure is not null)
            {
                Console.Error.WriteLine($"clipper-load: {options.Url}: {failure}");
                return ExitCodes.Unreachable;
            }

            if (options.HoldIdle > TimeSpan.Zero)
            {
                // Scripts wait for this line, then read the server's memory while the connections idle.
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"clipper-load: {lanes.Length} connections open after {openTime.TotalSeconds:0.000} s; holding them idle for {options.HoldIdle.TotalSeconds:0.###} s"));
                await Task.Delay(options.HoldIdle, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return ExitCodes.Ran;
        }

        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + ToTicks(options.Warmup);
        var window = new MeasurementWindow(measureFrom, measureFrom + ToTicks(options.Duration));
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i].Measure(window);
        }

        LanePool? pool = options.IsOpenLoop ? new LanePool(lanes) : null;
        if (!options.Json)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"clipper-load: {TableReport.Describe(options)} (opened in {openTime.TotalSeconds:0.000} s): {options.Warmup.TotalSeconds:0.###} s warm-up, then {options.Duration.TotalSeconds:0.###} s measured (Ctrl+C stops early)"));
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

        RunResult result = RunResult.Merge(options, window, stats) with { OpenTime = openTime };
        if (options.Json)
        {
            JsonReport.Write(result, Console.OpenStandardOutput());
        }
        else
        {
            Console.Out.Write(TableReport.Format(result));
        }

        return ExitCodes.Ran;
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
