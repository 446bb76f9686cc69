using System.Globalization;

namespace Clipper.Faults.Soak;

/// <summary>How one process's resources moved over the soak: first, last and peak, and the least-squares slope per hour.</summary>
/// <param name="Process">The role.</param>
/// <param name="Pid">The pid.</param>
/// <param name="Samples">How many samples the trend is drawn from (those after the process's first minute, when it lived long enough).</param>
/// <param name="Minutes">The span the samples cover.</param>
/// <param name="FirstRssMib">Resident memory at the first sample used.</param>
/// <param name="LastRssMib">At the last.</param>
/// <param name="PeakRssMib">The most.</param>
/// <param name="RssMibPerHour">The slope of resident memory.</param>
/// <param name="LaterRssMibPerHour">The slope of resident memory over the later half of the samples (null with fewer
/// than six there): growth that stops there was warm-up (the allocator and the GC sizing themselves to the load),
/// growth that goes on is a leak.</param>
/// <param name="ThreadsFirst">Threads at the first sample used.</param>
/// <param name="ThreadsLast">At the last.</param>
/// <param name="ThreadsPerHour">The slope of the thread count.</param>
/// <param name="FdsFirst">Open descriptors at the first sample used.</param>
/// <param name="FdsLast">At the last.</param>
/// <param name="FdsPerHour">The slope of the descriptor count.</param>
internal sealed record ProcessTrend(
    string Process, int Pid, int Samples, double Minutes,
    double FirstRssMib, double LastRssMib, double PeakRssMib, double RssMibPerHour, double? LaterRssMibPerHour,
    int ThreadsFirst, int ThreadsLast, double ThreadsPerHour,
    int FdsFirst, int FdsLast, double FdsPerHour)
{
    private static readonly TimeSpan s_warmUp = TimeSpan.FromMinutes(1);

    /// <summary>The trend of one process's samples (in time order); null with fewer than two.</summary>
    public static ProcessTrend? Of(IReadOnlyList<SoakSample> samples)
    {
        if (samples.Count < 2)
        {
            return null;
        }

        // The first minute holds the JIT's tiering and the pools filling: a start, not a trend. Kept only when too
        // little is left after it.
        var settled = samples.Where(s => s.ElapsedSeconds - samples[0].ElapsedSeconds >= s_warmUp.TotalSeconds).ToList();
        var used = settled.Count >= 6 ? settled : [.. samples];
        var hours = used.Select(s => s.ElapsedSeconds / 3600).ToList();
        var rss = used.Select(s => s.Sample.RssKib / 1024.0).ToList();
        var half = used.Count / 2;
        double? later = used.Count - half >= 6 ? LeastSquares.Slope(hours[half..], rss[half..]) : null;
        return new ProcessTrend(
            used[0].Process, used[0].Pid, used.Count, (used[^1].ElapsedSeconds - used[0].ElapsedSeconds) / 60,
            rss[0], rss[^1], rss.Max(), LeastSquares.Slope(hours, rss), later,
            used[0].Sample.Threads, used[^1].Sample.Threads, LeastSquares.Slope(hours, [.. used.Select(s => (double)s.Sample.Threads)]),
            used[0].Sample.Handles, used[^1].Sample.Handles, LeastSquares.Slope(hours, [.. used.Select(s => (double)s.Sample.Handles)]));
    }

    /// <summary>A markdown table row.</summary>
    public string ToRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Process} | {Pid} | {Minutes:0.0} | {FirstRssMib:0.0} → {LastRssMib:0.0} (peak {PeakRssMib:0.0}) | {RssMibPerHour:+0.0;-0.0;0.0} | {(LaterRssMibPerHour is { } l ? l.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "-")} | {ThreadsFirst} → {ThreadsLast} | {ThreadsPerHour:+0.0;-0.0;0.0} | {FdsFirst} → {FdsLast} | {FdsPerHour:+0.0;-0.0;0.0} |");

    /// <summary>The table's header.</summary>
    public const string TableHeader = "| process | pid | minutes | RSS MiB | RSS MiB/h | later half MiB/h | threads | threads/h | fds | fds/h |\n|---|---:|---:|---|---:|---:|---|---:|---|---:|";
}
