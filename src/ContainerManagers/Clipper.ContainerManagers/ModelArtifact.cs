namespace Clipper.ContainerManagers;

/// <summary>
/// What a replica of a model version runs. For local processes: a command line (a published
/// folder's entry assembly under <c>dotnet</c>, or an executable). For Docker and Kubernetes: an image,
/// with the command as an optional override of its entry point. <see cref="OfClipper"/> names the
/// <c>clipper</c> command line itself (its example models), which every manager knows how to run.
/// </summary>
/// <param name="Command">The program and its arguments; the program may be a path or a name on PATH. With an image: the arguments given to its entry point (empty for none).</param>
/// <param name="Image">The container image, for managers that run images; null for local processes.</param>
/// <param name="WorkingDirectory">Where a local process runs, and for a published folder the folder itself; null for the manager's choice.</param>
public sealed record ModelArtifact(IReadOnlyList<string> Command, string? Image = null, string? WorkingDirectory = null)
{
    /// <summary>True when <see cref="Command"/> holds arguments of the <c>clipper</c> command line rather than a program.</summary>
    public bool RunsClipper { get; init; }

    /// <summary>True when <see cref="Image"/> holds Clipper's readiness probe (the images the managers build do): replicas get a readiness check.</summary>
    public bool HasReadinessProbe { get; init; }

    /// <summary>
    /// With <see cref="HasReadinessProbe"/>: the command, run inside the replica, that exits 0 while it is connected to its
    /// frontend; null for the .NET probe of the images built from .NET programs (a Python image checks with its own interpreter).
    /// </summary>
    public IReadOnlyList<string>? ReadinessCommand { get; init; }

    /// <summary>Where <see cref="DataDirectory"/> is in the images the managers build from it, and where their replicas start.</summary>
    public const string ImageDataDirectory = "/model";

    /// <summary>
    /// A folder of files a replica of the <c>clipper</c> command line reads (<see cref="OfClipperWithData"/>), e.g. an
    /// ONNX model file; null for none. Local processes run in it; Docker and Kubernetes build an image of the command
    /// line holding it at <see cref="ImageDataDirectory"/>, where the replica starts, so the arguments name its files
    /// relative to it.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>A replica that runs the <c>clipper</c> command line with <paramref name="arguments"/>, e.g. <c>example-model sum</c>.</summary>
    /// <param name="arguments">The command line's arguments.</param>
    /// <returns>The artifact: local managers run their <c>clipper</c> program, Docker its <c>clipper</c> image.</returns>
    public static ModelArtifact OfClipper(params string[] arguments) => new(arguments) { RunsClipper = true };

    /// <summary>
    /// A replica that runs the <c>clipper</c> command line in a folder of its files, e.g. <c>onnx-model --model model.onnx</c>
    /// beside <c>model.onnx</c>: local managers run it in <paramref name="dataDirectory"/>; Docker and Kubernetes build
    /// the image <c>[REGISTRY/]CLUSTER-NAME:VERSION</c> of the command line with the folder (see <see cref="DataDirectory"/>).
    /// </summary>
    /// <param name="dataDirectory">The folder; the arguments name its files relative to it.</param>
    /// <param name="arguments">The command line's arguments.</param>
    /// <returns>The artifact.</returns>
    public static ModelArtifact OfClipperWithData(string dataDirectory, params string[] arguments) =>
        new(arguments) { RunsClipper = true, DataDirectory = dataDirectory };

    /// <summary>True when a manager that runs images builds one of this artifact: a published folder, the command line with a data folder, or a Python folder.</summary>
    public bool NeedsImage => GetPublishedEntryAssembly() is not null || (RunsClipper && DataDirectory is not null) || Python is not null;

    /// <summary>A replica that runs a published .NET application (a folder with one <c>*.runtimeconfig.json</c>) under <c>dotnet</c>.</summary>
    /// <param name="folder">The published folder.</param>
    /// <param name="entryAssembly">The full path of its entry assembly in <paramref name="folder"/>.</param>
    /// <returns>The artifact: local managers run it in place; Docker and Kubernetes build an image of the folder.</returns>
    public static ModelArtifact OfPublishedFolder(string folder, string entryAssembly) => new(["dotnet", entryAssembly], WorkingDirectory: folder);

    /// <summary>The Python model this artifact runs (<see cref="OfPythonFolder"/>), or null for another kind of artifact.</summary>
    public PythonModelSource? Python { get; init; }

    /// <summary>A replica that runs a Python model's predict function with the <c>clipper_rpc</c> library under Debian's python3.</summary>
    /// <param name="source">The model's and the library's folders, the entry point and the Debian packages needed.</param>
    /// <returns>The artifact: local managers run <see cref="PythonModelSource.Interpreter"/> in the model's folder; Docker and Kubernetes build an image of it.</returns>
    public static ModelArtifact OfPythonFolder(PythonModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(source.CommandLine(source.ModelFolder, source.LibraryFolder), WorkingDirectory: source.ModelFolder) { Python = source };
    }

    /// <summary>The entry assembly of a published folder (<see cref="OfPublishedFolder"/>), or null when this is another kind of artifact.</summary>
    /// <returns>The entry assembly's path, or null.</returns>
    public string? GetPublishedEntryAssembly() =>
        Image is null && !RunsClipper && WorkingDirectory is not null && Command is ["dotnet", var dll] && dll.EndsWith(".dll", StringComparison.Ordinal)
            ? dll
            : null;
}
