using Clipper.Faults.Processes;

namespace Clipper.Faults.Soak;

/// <summary>One row of the soak's CSV: a process's resources at a moment of the run.</summary>
/// <param name="ElapsedSeconds">Seconds since the load started.</param>
/// <param name="Process">The process's role (<c>query-frontend</c>, <c>replica-1</c>, <c>redis</c>, <c>harness</c>...).</param>
/// <param name="Pid">Its pid (a restarted process is a new one).</param>
/// <param name="Sample">What it held.</param>
internal sealed record SoakSample(double ElapsedSeconds, string Process, int Pid, ProcessSample Sample)
{
    /// <summary>The CSV header.</summary>
    public const string Header = "elapsed_s,process,pid,rss_kib,threads,fds";

    /// <summary>The CSV row.</summary>
    public string ToCsv() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{ElapsedSeconds:0.0},{Process},{Pid},{Sample.RssKib},{Sample.Threads},{Sample.Handles}");
}
