using System.Globalization;

namespace Clipper.Cli.Progress;

/// <summary>
/// Progress where standard error is not a terminal (a pipe, a file, a CI log): one plain line per step, stamped with the
/// time it started (UTC), so a log says what ran and how long each step took without control characters.
/// </summary>
internal sealed class PlainProgress(TextWriter log, TimeProvider time) : IStepProgress
{
    /// <inheritdoc/>
    public void Report(string value)
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{time.GetUtcNow():HH:mm:ss}] {value}"));
        log.Flush();
    }

    /// <inheritdoc/>
    public void Settle()
    {
    }
}
