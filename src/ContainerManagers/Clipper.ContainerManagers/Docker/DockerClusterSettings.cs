using System.Text.Json;

namespace Clipper.ContainerManagers.Docker;

/// <summary>The container settings a cluster was started with, recorded as a label so that any process starts replicas alike.</summary>
internal sealed record DockerClusterSettings
{
    public string? Registry { get; init; }

    public double? Cpus { get; init; }

    public long? MemoryBytes { get; init; }

    public Dictionary<string, string> Environment { get; init; } = [];

    public bool RedisPersistence { get; init; }

    /// <summary>
    /// The cluster's log format (<see cref="ClusterStartOptions.LogFormat"/>), given at start and never overridden: replicas
    /// deployed later by any process log alike. Missing from the label of a cluster started before it: text.
    /// </summary>
    public LogFormat LogFormat { get; init; }

    /// <summary>
    /// The arguments that make a frontend of this cluster log in its format: none for text, so that a
    /// <see cref="LogFormats.Variable"/> given with the cluster's environment still decides, as before.
    /// </summary>
    public string[] FrontendLogArguments => LogFormat == LogFormat.Json ? LogFormats.Arguments(LogFormat) : [];

    /// <summary>The settings of <paramref name="options"/>, with the log format of <paramref name="start"/> when given.</summary>
    public static DockerClusterSettings From(DockerClusterOptions options, ClusterStartOptions? start = null) => new()
    {
        LogFormat = start?.LogFormat ?? LogFormat.Text,
        Registry = options.Registry,
        Cpus = options.Cpus,
        MemoryBytes = options.MemoryBytes,
        Environment = new Dictionary<string, string>(options.ContainerEnvironment),
        RedisPersistence = options.RedisPersistence,
    };

    /// <summary>These settings with the non-null values of <paramref name="options"/> (a later process's own) taking precedence.</summary>
    public DockerClusterSettings OverriddenBy(DockerClusterOptions options)
    {
        var environment = new Dictionary<string, string>(Environment);
        foreach (var (name, value) in options.ContainerEnvironment)
        {
            environment[name] = value;
        }

        return this with
        {
            Registry = options.Registry ?? Registry,
            Cpus = options.Cpus ?? Cpus,
            MemoryBytes = options.MemoryBytes ?? MemoryBytes,
            Environment = environment,
        };
    }

    public string ToLabel() => JsonSerializer.Serialize(this);

    /// <summary>The settings in a label; default settings when the label is missing or unreadable.</summary>
    public static DockerClusterSettings FromLabel(string? label)
    {
        if (string.IsNullOrEmpty(label))
        {
            return new DockerClusterSettings();
        }

        try
        {
            return JsonSerializer.Deserialize<DockerClusterSettings>(label) ?? new DockerClusterSettings();
        }
        catch (JsonException)
        {
            return new DockerClusterSettings();
        }
    }
}
