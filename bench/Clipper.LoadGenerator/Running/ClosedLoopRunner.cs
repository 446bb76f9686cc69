using System.Diagnostics;
using Clipper.LoadGenerator.Measurement;

namespace Clipper.LoadGenerator.Running;

/// <summary>Closed loop: one worker per lane sends, awaits the whole answer, and sends again until the window ends.</summary>
internal static class ClosedLoopRunner
{
    public static Task RunAsync(IReadOnlyList<Lane> lanes, MeasurementWindow window)
    {
        var workers = new Task[lanes.Count];
        for (int i = 0; i < workers.Length; i++)
        {
            Lane lane = lanes[i];
            workers[i] = Task.Run(() => WorkAsync(lane, window));
        }

        return Task.WhenAll(workers);
    }

    private static async Task WorkAsync(Lane lane, MeasurementWindow window)
    {
        while (!window.Aborted)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= window.End)
            {
                return;
            }

            await lane.SendAsync(now).ConfigureAwait(false);
        }
    }
}
