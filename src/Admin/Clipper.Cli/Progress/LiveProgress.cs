using System.Globalization;

namespace Clipper.Cli.Progress;

/// <summary>
/// Progress on a terminal: the step under way on one line, redrawn in place with a spinner and the seconds it has taken;
/// when the next step starts (or anything else is written, see <see cref="SettlingWriter"/>) the line is settled as
/// <c>✓ step (12.3 s)</c>, so the screen keeps each step and how long it took.
/// </summary>
internal sealed class LiveProgress : IStepProgress, IDisposable
{
    private static readonly string[] s_frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

    /// <summary>How often the line under way is redrawn.</summary>
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    // Writes come from the command (Report, Settle through the wrapped console) and from the timer's thread; one lock keeps
    // a line from being drawn half over another. Nothing awaits under it.
    private readonly Lock _gate = new();
    private readonly TextWriter _terminal;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private string? _step;
    private long _startedAt;
    private int _frame;

    /// <param name="terminal">The terminal's writer (the unwrapped standard error).</param>
    /// <param name="time">The clock for the elapsed seconds and the redraw timer.</param>
    public LiveProgress(TextWriter terminal, TimeProvider time)
    {
        _terminal = terminal;
        _time = time;
        _timer = time.CreateTimer(static state => ((LiveProgress)state!).Redraw(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public void Report(string value)
    {
        lock (_gate)
        {
            SettleLocked();
            _step = value;
            _startedAt = _time.GetTimestamp();
            DrawLocked();
            _timer.Change(RedrawInterval, RedrawInterval);
        }
    }

    /// <inheritdoc/>
    public void Settle()
    {
        lock (_gate)
        {
            SettleLocked();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Settle();
        _timer.Dispose();
    }

    private void Redraw()
    {
        lock (_gate)
        {
            if (_step is not null)
            {
                DrawLocked();
            }
        }
    }

    private void DrawLocked()
    {
        var frame = s_frames[_frame++ % s_frames.Length];
        var seconds = _time.GetElapsedTime(_startedAt).TotalSeconds;
        // Carriage return and "erase line": the step is redrawn where it stands, whatever was drawn there before.
        _terminal.Write(string.Create(CultureInfo.InvariantCulture, $"\r\u001b[2K{frame} {_step} {seconds:0}s"));
        _terminal.Flush();
    }

    private void SettleLocked()
    {
        if (_step is null)
        {
            return;
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var seconds = _time.GetElapsedTime(_startedAt).TotalSeconds;
        // "waiting for replicas..." under way reads "waiting for replicas (3.1 s)" once done.
        var step = _step.EndsWith("...", StringComparison.Ordinal) ? _step[..^3] : _step;
        _terminal.Write(string.Create(CultureInfo.InvariantCulture, $"\r\u001b[2K✓ {step} ({seconds:0.0} s)\n"));
        _terminal.Flush();
        _step = null;
    }
}
