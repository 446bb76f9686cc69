using Clipper.Cli.Progress;

namespace Clipper.Cli.Cluster;

/// <summary>
/// Where the admin verbs report their long steps, on standard error: a live line per step on a terminal, plain stamped
/// lines otherwise (<see cref="LiveProgress"/>, <see cref="PlainProgress"/>). Standard output carries only results.
/// </summary>
internal static class Terminal
{
    private static IStepProgress? s_progress;

    /// <summary>The progress of this process's command, made the first time a verb asks for it.</summary>
    public static IProgress<string> Progress => LazyInitializer.EnsureInitialized(ref s_progress, Create);

    /// <summary>Settles the step under way before the process exits (nothing when no verb reported progress).</summary>
    public static void Complete()
    {
        var progress = Volatile.Read(ref s_progress);
        progress?.Settle();
        (progress as IDisposable)?.Dispose();
    }

    private static IStepProgress Create()
    {
        var stderr = Console.Error;
        if (Console.IsErrorRedirected || Environment.GetEnvironmentVariable("TERM") is null or "dumb")
        {
            return new PlainProgress(stderr, TimeProvider.System);
        }

        var live = new LiveProgress(stderr, TimeProvider.System);
        // Results and errors written while a step is drawn would land on its line: they settle it first.
        Console.SetOut(new SettlingWriter(Console.Out, live));
        Console.SetError(new SettlingWriter(stderr, live));
        return live;
    }
}
