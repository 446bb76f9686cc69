using System.CommandLine;
using Clipper.Plots.Charts;
using Clipper.Plots.Input;

namespace Clipper.Plots.Cli;

/// <summary>The <c>clipper-plots</c> command line: parse, read the results, draw, save.</summary>
internal static class PlotCommand
{
    /// <summary>Runs with the process's console.</summary>
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs with the given writers; every failure is one line on <paramref name="error"/> and exit code 2.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var arguments = new PlotArguments();
        RootCommand root = arguments.CreateRootCommand();
        root.SetAction(result =>
        {
            if (!arguments.TryGetOptions(result, out PlotOptions? options, out string? problem))
            {
                return Fail(error, problem);
            }

            ReadOutcome read = ResultReader.ReadFiles(options.Chart, options.Inputs);
            if (read.Error is not null)
            {
                return Fail(error, read.Error);
            }

            if (ChartDrawer.Draw(options, read.Points) is { } failure)
            {
                return Fail(error, failure);
            }

            output.WriteLine($"clipper-plots: wrote {options.Output} ({options.Width}x{options.Height}, {read.Points.Count} points)");
            return ExitCodes.Drawn;
        });

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, not the usage text: scripts show stderr as is, and exit code 2 says "bad arguments".
            return Fail(error, parsed.Errors[0].Message);
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine("clipper-plots: " + message);
        return ExitCodes.BadInput;
    }
}
