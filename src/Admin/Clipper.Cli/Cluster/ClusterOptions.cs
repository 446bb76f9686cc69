using System.CommandLine;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Docker;
using Clipper.ContainerManagers.Kubernetes;
using Clipper.ContainerManagers.Local;

namespace Clipper.Cli.Cluster;

/// <summary>The options every cluster verb takes (<c>--cluster</c>, <c>--manager</c>) and how they become a connection.</summary>
internal sealed class ClusterOptions
{
    public Option<string> Cluster { get; } = new("--cluster") { Description = "The cluster's name.", DefaultValueFactory = _ => "default-cluster" };

    public Option<string> Manager { get; } = new("--manager") { Description = "Where the cluster runs: local (child processes on this machine), docker or kubernetes.", DefaultValueFactory = _ => "local" };

    public Option<string?> Registry { get; } = new("--registry") { Description = "Docker and Kubernetes: the registry (HOST[:PORT][/PATH]) model images are tagged for and pushed to; for Docker, default the one the cluster was started with." };

    public Option<string> Namespace { get; } = new("--namespace") { Description = "Kubernetes: the namespace of the cluster's objects.", DefaultValueFactory = _ => "default" };

    public Option<string?> KubeConfig { get; } = new("--kubeconfig") { Description = "Kubernetes: the kubeconfig file, read alone (default the KUBECONFIG files merged as kubectl merges them, else ~/.kube/config, else the pod's service account)." };

    public Option<string?> Context { get; } = new("--context") { Description = "Kubernetes: the kubeconfig context (default its current one)." };

    public Option<string?> TlsCa { get; } = new("--tls-ca")
    {
        Description = "A PEM file of the CA certificates the cluster's HTTPS frontends must chain to (a self-signed certificate may be its own). "
            + "Default: the one the cluster was started with, else this machine's CA store. With start: given to replicas as CLIPPER_TLS_CA and recorded for clients.",
    };

    /// <summary>Adds the options to <paramref name="command"/> and returns it.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(Cluster);
        command.Options.Add(Manager);
        command.Options.Add(Registry);
        command.Options.Add(Namespace);
        command.Options.Add(KubeConfig);
        command.Options.Add(Context);
        command.Options.Add(TlsCa);
        return command;
    }

    /// <summary>The container manager the options name.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="docker">Docker settings only <c>start</c> takes (frontends, persistence, limits); null for none.</param>
    /// <param name="kubernetes">Kubernetes settings only <c>start</c> takes (images, service type, storage, role); null for none.</param>
    /// <exception cref="ContainerManagerException">The manager is unknown, the cluster name invalid, or an option does not apply to the manager.</exception>
    public IContainerManager CreateManager(ParseResult result, DockerClusterOptions? docker = null, KubernetesClusterOptions? kubernetes = null)
    {
        var kind = result.GetValue(Manager);
        var name = result.GetValue(Cluster)!;
        var registry = result.GetValue(Registry);
        if (kind is not ("docker" or "kubernetes") && registry is not null)
        {
            throw new ContainerManagerException($"--registry applies to --manager docker and kubernetes only; --manager {kind} was given.");
        }

        if (kind != "kubernetes" && (result.GetValue(Namespace) != "default" || result.GetValue(KubeConfig) is not null || result.GetValue(Context) is not null))
        {
            throw new ContainerManagerException($"--namespace, --kubeconfig and --context apply to --manager kubernetes only; --manager {kind} was given.");
        }

        return kind switch
        {
            "local" => new LocalProcessContainerManager(new LocalClusterOptions { ClusterName = name }) { Progress = Terminal.Progress },
            "docker" => new DockerContainerManager((docker ?? new DockerClusterOptions()) with { ClusterName = name, Registry = registry ?? docker?.Registry }) { Progress = Terminal.Progress },
            "kubernetes" => new KubernetesContainerManager((kubernetes ?? new KubernetesClusterOptions()) with
            {
                ClusterName = name,
                Namespace = result.GetValue(Namespace)!,
                KubeConfigPath = result.GetValue(KubeConfig),
                Context = result.GetValue(Context),
                Registry = registry ?? kubernetes?.Registry,
            }) { Progress = Terminal.Progress },
            _ => throw new ContainerManagerException($"Unknown --manager '{kind}': expected local, docker or kubernetes."),
        };
    }

    /// <summary>The options that name this cluster to a later command, each with a leading space; empty for the defaults.</summary>
    public string Selection(ParseResult result)
    {
        var text = new System.Text.StringBuilder();
        Append(Manager.Name, result.GetValue(Manager), "local");
        Append(Cluster.Name, result.GetValue(Cluster), "default-cluster");
        Append(Namespace.Name, result.GetValue(Namespace), "default");
        Append(KubeConfig.Name, result.GetValue(KubeConfig), null);
        Append(Context.Name, result.GetValue(Context), null);
        return text.ToString();

        void Append(string name, string? value, string? byDefault)
        {
            if (value is not null && value != byDefault)
            {
                text.Append(' ').Append(name).Append(' ').Append(value);
            }
        }
    }

    /// <summary>The connection settings every cluster verb uses: progress on the terminal, and the CA file given.</summary>
    public ClipperConnectionOptions ConnectionOptions(ParseResult result) => new() { Progress = Terminal.Progress, TlsCaPath = result.GetValue(TlsCa) };

    /// <summary>A connection to the running cluster the options name.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <param name="deployTimeout">How long a deploy or scale waits for its replicas to connect; null for the default.</param>
    public async Task<ClipperConnection> ConnectAsync(ParseResult result, CancellationToken cancellationToken, TimeSpan? deployTimeout = null)
    {
        var options = ConnectionOptions(result);
        var connection = new ClipperConnection(CreateManager(result), deployTimeout is { } timeout ? options with { DeployTimeout = timeout } : options);
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
