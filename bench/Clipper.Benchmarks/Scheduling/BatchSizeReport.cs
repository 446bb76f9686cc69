using System.Globalization;

namespace Clipper.Benchmarks.Scheduling;

/// <summary>
/// Prints, at the end of a scheduler benchmark, the mean batch size the consumers actually got.
/// </summary>
/// <remarks>
/// The batch size parameter is only a limit: with no fill wait a consumer takes what is queued
/// when it asks, so whether batches fill depends on how fast queries arrive relative to how fast
/// consumers come back. The line lands in the benchmark's log, next to its results.
/// </remarks>
internal static class BatchSizeReport
{
    public static void Write(string consumer, long items, long batches, int limit) =>
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// {consumer}: {items} items in {batches} batches, mean batch {(batches == 0 ? 0 : (double)items / batches):F1} (limit {limit})"));
}
