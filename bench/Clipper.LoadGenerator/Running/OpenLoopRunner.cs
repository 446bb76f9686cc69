using System.Diagnostics;
using Clipper.LoadGenerator.Measurement;

namespace Clipper.LoadGenerator.Running;

/// <summary>
/// Open loop: request i is due at <c>start + i / rate</c>, whatever happened to earlier ones. A
/// dedicated thread paces the sends (sleeping, not spinning, between them) and hands each due
/// request to the <see cref="LanePool"/>; when it falls behind it sends everything due at once.
/// </summary>
internal static class OpenLoopRunner
{
    public static async Task RunAsync(LanePool pool, MeasurementWindow window, long start, double rate)
    {
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Pace(pool, window, start, rate);
                paced.SetResult();
            }
            catch (Exception ex)
            {
                paced.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "clipper-load pacer",
        };
        thread.Start();
        await paced.Task.ConfigureAwait(false);

        // Requests still waiting for a connection expire at their deadline, so the drain is bounded.
        await pool.WhenIdleAsync().ConfigureAwait(false);
    }

    private static void Pace(LanePool pool, MeasurementWindow window, long start, double rate)
    {
        double interval = Stopwatch.Frequency / rate;
        var pacer = new Pacer(interval);
        for (long i = 0; ; i++)
        {
            // Computed from the start, not accumulated, so rounding never drifts the rate.
            long due = start + (long)(i * interval);
            if (due >= window.End)
            {
                return;
            }

            pacer.WaitUntil(due, window);
            if (window.Aborted)
            {
                return;
            }

            pool.Submit(due);
        }
    }
}
