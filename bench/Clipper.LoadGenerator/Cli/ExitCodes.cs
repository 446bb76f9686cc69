namespace Clipper.LoadGenerator.Cli;

/// <summary>What <c>clipper-load</c> returns to the shell.</summary>
internal static class ExitCodes
{
    /// <summary>The run happened (whatever the answers were, errors included).</summary>
    public const int Ran = 0;

    /// <summary>The target did not answer the probe request sent before the run.</summary>
    public const int Unreachable = 1;

    /// <summary>The command line was wrong; one line on stderr says how.</summary>
    public const int BadArguments = 2;

    /// <summary>The process may not open a file descriptor per connection (ulimit -n); one line on stderr says so.</summary>
    public const int TooFewFileDescriptors = 3;
}
