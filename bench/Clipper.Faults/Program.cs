using System.CommandLine;
using Clipper.Faults.Cli;

var root = new RootCommand("Fault injection and soak for a Clipper cluster of real processes (bench/README.md, \"Fault injection\" and \"Soak\").")
{
    RunCommand.Create(),
    SoakCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
