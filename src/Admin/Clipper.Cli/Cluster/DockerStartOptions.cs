using System.CommandLine;
using System.Globalization;
using Clipper.ContainerManagers.Docker;

namespace Clipper.Cli.Cluster;

/// <summary>The options of <c>clipper start --manager docker</c>: recorded with the cluster, they apply to every container it starts.</summary>
internal sealed class DockerStartOptions
{
    public Option<bool> RedisPersistence { get; } = new("--redis-persistence") { Description = "Docker: keep Redis's data in a volume with append-only persistence, so the configuration survives Redis restarts." };

    public Option<double?> Cpus { get; } = new("--cpus") { Description = "Docker: CPUs each container may use; Kubernetes: CPUs each model container requests and may use; e.g. 0.5." };

    public Option<string?> Memory { get; } = new("--memory") { Description = "Docker: memory each container may use; Kubernetes: memory each model container requests and may use; bytes, or a number with k, m or g (e.g. 512m)." };

    public Option<string[]> Environment { get; } = new("--env") { Description = "Docker: NAME=VALUE for every container; repeatable.", AllowMultipleArgumentsPerToken = false };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(RedisPersistence);
        command.Options.Add(Cpus);
        command.Options.Add(Memory);
        command.Options.Add(Environment);
    }

    /// <summary>The Docker settings given; null when the manager is not Docker (and then none may be given).</summary>
    /// <exception cref="ArgumentException">A value is malformed, or a Docker option was given for another manager.</exception>
    public DockerClusterOptions? Read(ParseResult result, string manager)
    {
        var persistence = result.GetValue(RedisPersistence);
        var cpus = result.GetValue(Cpus);
        var memory = result.GetValue(Memory);
        var environment = result.GetValue(Environment) ?? [];
        if (manager != "docker")
        {
            if (manager != "kubernetes" && (cpus is not null || memory is not null))
            {
                throw new ArgumentException($"--cpus and --memory apply to --manager docker and kubernetes only; --manager {manager} was given.");
            }

            return persistence || environment.Length > 0
                ? throw new ArgumentException($"--redis-persistence and --env apply to --manager docker only; --manager {manager} was given.")
                : null;
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in environment)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--env must be NAME=VALUE; got '{pair}'.");
            }

            variables[pair[..equals]] = pair[(equals + 1)..];
        }

        return new DockerClusterOptions
        {
            RedisPersistence = persistence,
            Cpus = cpus,
            MemoryBytes = memory is null ? null : ParseBytes(memory),
            ContainerEnvironment = variables,
        };
    }

    /// <summary>Bytes, or a number with a k, m or g suffix (powers of 1024), as <c>docker run --memory</c> takes them.</summary>
    /// <exception cref="ArgumentException">The value is not such a size.</exception>
    public static long ParseBytes(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        long unit = 1;
        if (text.Length > 1 && text[^1] is 'b' && char.IsAsciiLetter(text[^2]))
        {
            text = text[..^1];
        }

        switch (text.Length > 0 ? text[^1] : ' ')
        {
            case 'k': unit = 1L << 10; text = text[..^1]; break;
            case 'm': unit = 1L << 20; text = text[..^1]; break;
            case 'g': unit = 1L << 30; text = text[..^1]; break;
            case 'b': text = text[..^1]; break;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 && number <= long.MaxValue / unit
            ? number * unit
            : throw new ArgumentException($"--memory must be bytes or a number with k, m or g (e.g. 512m); got '{value}'.");
    }
}
