using System.Reflection;

namespace Clipper.ContainerManagers.Local;

/// <summary>Settings of <see cref="LocalProcessContainerManager"/>.</summary>
public sealed record LocalClusterOptions
{
    /// <summary>The cluster's name: a DNS label (lower-case letters, digits and '-'). Default <c>default-cluster</c>.</summary>
    public string ClusterName { get; init; } = "default-cluster";

    /// <summary>Where clusters keep their state, logs and Redis data; default <c>$CLIPPER_HOME</c> or <c>~/.clipper</c>.</summary>
    public string StateRoot { get; init; } = ClipperHome.Resolve();

    /// <summary>
    /// How to run the <c>clipper</c> command line (it hosts the supervisor and the frontends): the program
    /// and its leading arguments, e.g. <c>["dotnet", "/opt/clipper/clipper.dll"]</c>. Null: this process,
    /// when it is the <c>clipper</c> command line, else <c>clipper</c> found on PATH.
    /// </summary>
    public IReadOnlyList<string>? ClipperCommand { get; init; }

    /// <summary>Whether a missing <c>redis-server</c> is installed with apt when running as root.</summary>
    public bool InstallRedis { get; init; } = true;

    /// <summary>How long to wait for the supervisor process to answer after it was launched.</summary>
    public TimeSpan SupervisorStartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a setting is invalid, naming it and what was expected.</summary>
    /// <exception cref="ContainerManagerException">A setting is invalid.</exception>
    public void Validate()
    {
        ClusterNames.Validate(ClusterName);

        if (ClipperCommand is { Count: 0 })
        {
            throw new ContainerManagerException("ClipperCommand is empty: give the program that runs the clipper command line, or leave it null.");
        }
    }

    /// <summary>The command that runs the <c>clipper</c> command line, resolved as <see cref="ClipperCommand"/> describes.</summary>
    public IReadOnlyList<string> ResolveClipperCommand()
    {
        if (ClipperCommand is not null)
        {
            return ClipperCommand;
        }

        var processPath = Environment.ProcessPath;
        var entry = Assembly.GetEntryAssembly();
        if (processPath is not null && entry?.GetName().Name == "clipper")
        {
            // Under `dotnet clipper.dll` the program is the host; a single-file or apphost build is its own program.
            return Path.GetFileNameWithoutExtension(processPath) == "dotnet"
                ? [processPath, Path.Combine(AppContext.BaseDirectory, "clipper.dll")]
                : [processPath];
        }

        return ["clipper"];
    }
}
