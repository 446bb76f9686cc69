using System.Globalization;

namespace Clipper.Faults.Processes;

/// <summary>One process's resources at one moment, from <c>/proc/PID/status</c> and <c>/proc/PID/fd</c>.</summary>
/// <param name="RssKib">Resident memory (VmRSS), in KiB.</param>
/// <param name="Threads">Threads.</param>
/// <param name="Handles">Open file descriptors (sockets, pipes, files).</param>
internal readonly record struct ProcessSample(long RssKib, int Threads, int Handles)
{
    /// <summary>Reads the sample of <paramref name="pid"/>; null when the process is gone.</summary>
    public static ProcessSample? Read(int pid)
    {
        try
        {
            long rss = -1;
            var threads = -1;
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
                }
            }

            var handles = Directory.EnumerateFileSystemEntries($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd").Count();
            return rss < 0 || threads < 0 ? null : new ProcessSample(rss, threads, handles);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
