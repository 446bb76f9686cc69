using Clipper.ContainerManagers;

namespace Clipper.Admin.Connection;

/// <summary>Settings of a <see cref="ClipperConnection"/>.</summary>
public sealed record ClipperConnectionOptions
{
    /// <summary>How long a deploy or a scale waits for its replicas to connect to the query frontend. Default 2 minutes.</summary>
    public TimeSpan DeployTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long <see cref="ClipperConnection.ScaleFrontendsAsync"/> waits for the frontends to hold a lease and answer, after the manager started them. Default 2 minutes.</summary>
    public TimeSpan FrontendTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The limit of one management API call. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where built models are published: <c>ROOT/NAME/VERSION</c>. Default <c>$CLIPPER_HOME/models</c> or <c>~/.clipper/models</c>.</summary>
    public string ArtifactRoot { get; init; } = Path.Combine(
        Environment.GetEnvironmentVariable("CLIPPER_HOME") is { Length: > 0 } home ? home : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".clipper"),
        "models");

    /// <summary>
    /// A PEM file of the CA certificates the cluster's HTTPS frontends must chain to (a self-signed certificate may be its
    /// own CA). Default <see langword="null"/>: the CA file the manager recorded when it started the cluster with TLS
    /// (<see cref="ClusterAddresses.TlsCaPath"/>), else this machine's CA store. Certificates are always verified.
    /// </summary>
    public string? TlsCaPath { get; init; }

    /// <summary>Reports long steps (building, waiting for replicas); null for silence.</summary>
    public IProgress<string>? Progress { get; init; }
}
