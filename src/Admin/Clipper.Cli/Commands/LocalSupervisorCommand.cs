using System.CommandLine;
using Clipper.ContainerManagers.Local;

namespace Clipper.Cli.Commands;

/// <summary>
/// <c>clipper local-supervisor</c> (hidden): the long-lived process of a local cluster. <c>clipper start</c>
/// launches it detached; it is not meant to be run by hand.
/// </summary>
internal static class LocalSupervisorCommand
{
    public static Command Create()
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster's name.", Required = true };
        var stateRoot = new Option<string>("--state-root") { Description = "The state root holding clusters/NAME.", Required = true };
        var command = new Command("local-supervisor", "Supervise a local cluster's processes (started by `clipper start`).")
        {
            cluster, stateRoot,
        };
        var logFormat = new LogFormatFlag();
        logFormat.AddTo(command);
        command.Hidden = true;
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(() =>
        {
            var format = logFormat.Resolve(result);
            var options = new LocalClusterOptions { ClusterName = result.GetValue(cluster)!, StateRoot = result.GetValue(stateRoot)! };
            options.Validate();
            return LocalSupervisorHost.RunAsync(options.ClusterName, options.StateRoot, options.ResolveClipperCommand(), LogFormatFlag.ReplacingText(format), cancellation);
        }));
        return command;
    }
}
