using System.Diagnostics;
using System.Globalization;
using Clipper.Faults.Cluster;
using Clipper.Faults.Load;
using Clipper.Faults.Processes;
using Clipper.Faults.Reporting;

namespace Clipper.Faults.Soak;

/// <summary>
/// The soak: a cluster (Redis with AOF) under a constant open-loop load at half its saturating rate, a replica killed
/// and restarted every <see cref="SoakSettings.KillEvery"/>, Redis killed and restarted every
/// <see cref="SoakSettings.RedisEvery"/>, and the memory, threads and descriptors of every process (the harness's
/// own included) sampled every <see cref="SoakSettings.SampleEvery"/>. Goals: no hung query, no crash, no
/// configuration lost, and flat resources (judged by people from the slopes: a restart-heavy hour is noisy).
/// </summary>
internal static class SoakRun
{
    private static readonly TimeSpan s_saturationProbe = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the soak.</summary>
    public static async Task<SoakResult> RunAsync(SoakSettings settings, ClusterSpec spec, TextWriter log)
    {
        await using var cluster = await FaultCluster.StartAsync(spec with { AppendOnly = true }, log).ConfigureAwait(false);
        var before = await cluster.CountConfigurationAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        var saturation = 0.0;
        var rate = settings.Rate;
        if (rate <= 0)
        {
            saturation = await SaturationProbe.MeasureAsync(cluster.PredictUrl, 64, s_saturationProbe).ConfigureAwait(false);
            rate = Math.Max(1, Math.Round(saturation / 2));
            log.WriteLine($"soak: saturating rate {saturation:0} answers/s; the load runs at {rate:0}/s");
        }

        var samples = new List<SoakSample>();
        await using var csv = settings.CsvPath is null ? null : OpenCsv(settings.CsvPath);
        int kills = 0, redisRestarts = 0;
        LoadSummary summary;
        await using (var load = OpenLoopLoad.Start(new LoadSettings { Url = cluster.PredictUrl, Rate = rate, Objective = spec.Objective, KeepRecords = false }))
        {
            var clock = Stopwatch.StartNew();
            var nextSample = TimeSpan.Zero;
            var nextKill = settings.KillEvery;
            // A run no longer than the cadence still restarts Redis once, half-way.
            var nextRedis = settings.RedisEvery < settings.Duration ? settings.RedisEvery : settings.Duration / 2;
            var nextReport = TimeSpan.FromMinutes(1);
            while (clock.Elapsed < settings.Duration)
            {
                if (clock.Elapsed >= nextSample)
                {
                    await SampleAsync(cluster, clock.Elapsed, samples, csv).ConfigureAwait(false);
                    nextSample += settings.SampleEvery;
                }

                if (clock.Elapsed >= nextRedis)
                {
                    await cluster.Redis.KillAsync().ConfigureAwait(false);
                    await cluster.Redis.RestartAsync().ConfigureAwait(false);
                    redisRestarts++;
                    log.WriteLine($"soak: {clock.Elapsed.TotalMinutes:0.0} min: Redis killed and restarted");
                    nextRedis += settings.RedisEvery;
                }

                if (clock.Elapsed >= nextKill)
                {
                    var index = kills % cluster.Replicas.Count;
                    await cluster.KillReplicaAsync(index).ConfigureAwait(false);
                    cluster.StartReplica(index);
                    await cluster.WaitReplicaReadyAsync(index, s_readyTimeout).ConfigureAwait(false);
                    kills++;
                    nextKill += settings.KillEvery;
                }

                if (clock.Elapsed >= nextReport)
                {
                    log.WriteLine($"soak: {clock.Elapsed.TotalMinutes:0} of {settings.Duration.TotalMinutes:0} min: {FaultLine.Describe(load.Tally.Summarize())}; {kills} replica kills, {redisRestarts} Redis restarts");
                    nextReport += TimeSpan.FromMinutes(1);
                }

                var next = new[] { nextSample, nextKill, nextRedis, settings.Duration }.Min() - clock.Elapsed;
                await Task.Delay(next < TimeSpan.FromMilliseconds(200) ? next > TimeSpan.Zero ? next : TimeSpan.Zero : TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
            }

            await SampleAsync(cluster, clock.Elapsed, samples, csv).ConfigureAwait(false);
            await load.StopAsync().ConfigureAwait(false);
            summary = load.Tally.Summarize();
        }

        var after = await cluster.CountConfigurationAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        var crashed = cluster.AllProcesses.Where(p => p.Crashed).Select(p => p.Describe()).ToList();
        var trends = samples.GroupBy(s => (s.Process, s.Pid))
            .Select(g => ProcessTrend.Of([.. g.OrderBy(s => s.ElapsedSeconds)]))
            .OfType<ProcessTrend>()
            .OrderBy(t => t.Process, StringComparer.Ordinal).ThenBy(t => t.Pid)
            .ToList();
        List<string> problems = [];
        if (summary.Hung > 0)
        {
            problems.Add($"{summary.Hung} queries hung past the objective + margin");
        }

        if (crashed.Count > 0)
        {
            problems.Add("crashed: " + string.Join(" | ", crashed));
        }

        if (after.LostSince(before) > 0)
        {
            problems.Add($"configuration lost with AOF: {before} before, {after} after");
        }

        problems.AddRange(summary.DefaultReasons.Where(r => !Explanations.IsKnownDefault(r.Key)).Select(r => $"{r.Value} defaults with an unexpected explanation: {r.Key}"));
        problems.AddRange(summary.ErrorKinds.Select(e => $"{e.Value} errors: {e.Key}"));
        return new SoakResult
        {
            Rate = rate,
            Saturation = saturation,
            Load = summary,
            ReplicaKills = kills,
            RedisRestarts = redisRestarts,
            ConfigurationLost = after.LostSince(before),
            Crashed = crashed,
            Trends = trends,
            Problems = problems,
        };
    }

    private static StreamWriter OpenCsv(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var writer = new StreamWriter(path, append: false) { AutoFlush = true };
        writer.WriteLine(SoakSample.Header);
        return writer;
    }

    private static async Task SampleAsync(FaultCluster cluster, TimeSpan elapsed, List<SoakSample> samples, StreamWriter? csv)
    {
        List<(string Name, int Pid)> processes =
        [
            ("harness", Environment.ProcessId),
            ("redis", cluster.Redis.Process.Pid),
            (cluster.Management.Name, cluster.Management.Pid),
            (cluster.Frontend.Name, cluster.Frontend.Pid),
            .. cluster.Replicas.Select(r => (r.Name, r.Pid)),
        ];
        foreach (var (name, pid) in processes)
        {
            if (ProcessSample.Read(pid) is { } sample)
            {
                var row = new SoakSample(elapsed.TotalSeconds, name, pid, sample);
                samples.Add(row);
                if (csv is not null)
                {
                    await csv.WriteLineAsync(row.ToCsv()).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The summary printed at the end: the load, the faults, and each process's trend as a markdown table.</summary>
    public static string Format(SoakResult result, SoakSettings settings)
    {
        var load = result.Load;
        var text = new System.Text.StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"soak minutes={settings.Duration.TotalMinutes:0.#} rate={result.Rate:0} saturation={(result.Saturation > 0 ? result.Saturation.ToString("0", CultureInfo.InvariantCulture) : "given")} sent={load.Sent} model={load.Model} defaulted={load.Defaults} errors={load.Errors} hung={load.Hung} replica_kills={result.ReplicaKills} redis_restarts={result.RedisRestarts} config_lost={result.ConfigurationLost} crashed={result.Crashed.Count} p50_ms={load.P50Ms:0.#} p99_ms={load.P99Ms:0.#} p999_ms={load.P999Ms:0.#} max_ms={load.MaxMs:0.#} verdict={(result.Problems.Count == 0 ? "ok" : "FAIL(" + string.Join("; ", result.Problems) + ")")}"));
        if (load.Defaults > 0)
        {
            text.AppendLine("defaults: " + string.Join(", ", load.DefaultReasons.Select(r => $"{r.Key}: {r.Value}")));
        }

        text.AppendLine(ProcessTrend.TableHeader);
        foreach (var trend in result.Trends)
        {
            text.AppendLine(trend.ToRow());
        }

        return text.ToString();
    }
}
