using System.CommandLine;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Local;

namespace Clipper.Cli.Cluster;

/// <summary>The options every cluster verb takes (<c>--cluster</c>, <c>--manager</c>) and how they become a connection.</summary>
internal sealed class ClusterOptions
{
    public Option<string> Cluster { get; } = new("--cluster") { Description = "The cluster's name.", DefaultValueFactory = _ => "default-cluster" };

    public Option<string> Manager { get; } = new("--manager") { Description = "Where the cluster runs: local (child processes on this machine), docker or kubernetes.", DefaultValueFactory = _ => "local" };

    /// <summary>Adds both options to <paramref name="command"/> and returns it.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(Cluster);
        command.Options.Add(Manager);
        return command;
    }

    /// <summary>The container manager the options name.</summary>
    /// <exception cref="ContainerManagerException">The manager is unknown or the cluster name invalid.</exception>
    public IContainerManager CreateManager(ParseResult result)
    {
        var kind = result.GetValue(Manager);
        return kind switch
        {
            "local" => new LocalProcessContainerManager(new LocalClusterOptions { ClusterName = result.GetValue(Cluster)! }) { Progress = Terminal.Progress },
            "docker" or "kubernetes" => throw new ContainerManagerException($"--manager {kind} is not available in this build yet; use --manager local."),
            _ => throw new ContainerManagerException($"Unknown --manager '{kind}': expected local, docker or kubernetes."),
        };
    }

    /// <summary>A connection to the running cluster the options name.</summary>
    public async Task<ClipperConnection> ConnectAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var connection = new ClipperConnection(CreateManager(result), new ClipperConnectionOptions { Progress = Terminal.Progress });
        try
        {
            await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
