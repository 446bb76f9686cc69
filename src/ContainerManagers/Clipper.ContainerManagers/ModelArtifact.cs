namespace Clipper.ContainerManagers;

/// <summary>
/// What a replica of a model version runs. For local processes: a command line (a published
/// folder's entry assembly under <c>dotnet</c>, or an executable). For Docker and Kubernetes: an image,
/// with the command as an optional override of its entry point.
/// </summary>
/// <param name="Command">The program and its arguments; the program may be a path or a name on PATH.</param>
/// <param name="Image">The container image, for managers that run images; null for local processes.</param>
/// <param name="WorkingDirectory">Where a local process runs; null for the manager's choice.</param>
public sealed record ModelArtifact(IReadOnlyList<string> Command, string? Image = null, string? WorkingDirectory = null);
