using System.Diagnostics;
using System.Globalization;

namespace Clipper.LoadGenerator.Running;

/// <summary>
/// Opens every lane's connection before the clock starts, a bounded number at a time, so that TCP
/// connects (and the server's accepts) are never counted as request latency and a storm of ten
/// thousand connects does not overflow the server's accept backlog.
/// </summary>
internal static class ConnectionOpener
{
    /// <summary>Connections opened at once; Kestrel's accept backlog is 512.</summary>
    public const int Parallelism = 128;

    /// <summary>Opens all lanes; the time it took, and null or the first failure with how many failed.</summary>
    public static async Task<(TimeSpan Elapsed, string? Failure)> OpenAllAsync(IReadOnlyList<Lane> lanes, CancellationToken cancellation)
    {
        long started = Stopwatch.GetTimestamp();
        int failed = 0;
        string? first = null;
        int firstIndex = -1;
        var gate = new Lock();
        await Parallel.ForAsync(0, lanes.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellation }, async (i, token) =>
        {
            string? failure = await lanes[i].OpenAsync(token).ConfigureAwait(false);
            if (failure is null)
            {
                return;
            }

            lock (gate)
            {
                failed++;
                if (first is null || i < firstIndex)
                {
                    first = failure;
                    firstIndex = i;
                }
            }
        }).ConfigureAwait(false);

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        return failed == 0
            ? (elapsed, null)
            : (elapsed, string.Create(CultureInfo.InvariantCulture, $"{failed} of {lanes.Count} connections could not be opened and kept alive; connection {firstIndex + 1}: {first}"));
    }
}
