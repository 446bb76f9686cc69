using System.Text.RegularExpressions;
using Clipper.ContainerManagers.Images;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// How the Docker manager runs a cluster. Only <see cref="ClusterName"/> and the engine are needed to find a
/// running cluster again; the container settings (Redis persistence, CPU, memory, environment,
/// registry) given at start are recorded on the cluster's containers, and a later process's own non-null
/// values override the recorded ones for the containers it starts.
/// </summary>
public sealed partial record DockerClusterOptions
{
    /// <summary>The cluster's name; containers are <c>NAME-...</c>, the network <c>clipper-NAME</c>.</summary>
    public string ClusterName { get; init; } = "default-cluster";

    /// <summary>The engine's address; null for <c>DOCKER_HOST</c>, or else <c>unix:///var/run/docker.sock</c>.</summary>
    public Uri? DockerEndpoint { get; init; }

    /// <summary>
    /// The published <c>clipper</c> command line (a folder with <c>clipper.dll</c>) that the frontends' and the example
    /// models' image is built from; null for this program's own folder.
    /// </summary>
    public string? ClipperDirectory { get; init; }

    /// <summary>Where the manager writes a cluster's files on this machine (its metrics configuration, <c>STATE_ROOT/docker/NAME/prometheus.yml</c>); default <c>$CLIPPER_HOME</c> or <c>~/.clipper</c>.</summary>
    public string StateRoot { get; init; } = ClipperHome.Resolve();

    /// <summary>Keep Redis's data in the volume <c>clipper-NAME-redis</c> with append-only persistence, so the configuration survives Redis restarts (and <c>stop-all</c>).</summary>
    public bool RedisPersistence { get; init; }

    /// <summary>A registry (<c>host[:port][/path]</c>) that model images are tagged for and pushed to; null to keep them on the engine.</summary>
    public string? Registry { get; init; }

    /// <summary>CPUs each container may use (e.g. 0.5); null for no limit.</summary>
    public double? Cpus { get; init; }

    /// <summary>Memory each container may use, in bytes; null for no limit.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Extra environment variables for every container the manager starts.</summary>
    public IReadOnlyDictionary<string, string> ContainerEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>How long <c>stop-all</c> and scaling down wait for a container to stop before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when a setting is invalid; the message names it, its value and what is expected.</summary>
    /// <exception cref="ContainerManagerException">A setting is invalid.</exception>
    public void Validate()
    {
        ClusterNames.Validate(ClusterName);
        Require(Cpus is null or >= 0.01 and <= 1024, $"Cpus is {Cpus}; expected 0.01 to 1024 CPUs, e.g. 0.5.");
        Require(MemoryBytes is null or >= 6 * 1024 * 1024, $"MemoryBytes is {MemoryBytes}; expected at least 6 MiB (the engine's minimum).");
        DockerRegistry.Validate(Registry);
        Require(StopTimeout >= TimeSpan.Zero, $"StopTimeout is {StopTimeout}; expected zero or more.");
        foreach (var name in ContainerEnvironment.Keys)
        {
            Require(EnvironmentNamePattern().IsMatch(name), $"Environment variable name '{name}' is invalid; expected letters, digits and '_', not starting with a digit.");
            Require(!name.StartsWith("CLIPPER_", StringComparison.Ordinal), $"Environment variable {name} is the manager's to set (CLIPPER_*); choose another name.");
        }
    }

    private static void Require(bool valid, string message)
    {
        if (!valid)
        {
            throw new ContainerManagerException(message);
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentNamePattern();
}
