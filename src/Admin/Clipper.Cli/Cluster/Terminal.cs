namespace Clipper.Cli.Cluster;

/// <summary>Progress lines for long steps: shown on a terminal (stderr), silent when stderr is a pipe or a file.</summary>
internal static class Terminal
{
    /// <summary>Null when stderr is redirected, so scripts see only results and errors.</summary>
    public static IProgress<string>? Progress { get; } = Console.IsErrorRedirected ? null : new ProgressWriter();

    private sealed class ProgressWriter : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine("  " + value);
    }
}
