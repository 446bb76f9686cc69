namespace Clipper.Plots.Cli;

/// <summary>What <c>clipper-plots</c> returns to the shell.</summary>
internal static class ExitCodes
{
    /// <summary>The chart was drawn and saved.</summary>
    public const int Drawn = 0;

    /// <summary>The command line or an input file was wrong; one line on stderr says how.</summary>
    public const int BadInput = 2;
}
