namespace Clipper.ContainerManagers;

/// <summary>
/// A Python model as <see cref="ModelArtifact.OfPythonFolder"/> holds it: the model's folder, the folder of the
/// <c>clipper_rpc</c> container library (run as <c>python3 LIBRARY --entry MODULE:FUNCTION --path MODEL</c>), the
/// entry point and the Debian packages the model needs (its <c>requirements-debian.txt</c>, plus the library's own).
/// Local managers run it with this machine's Debian <see cref="Interpreter"/>; Docker and Kubernetes build an image
/// of the interpreter, its standard library, these packages and both folders.
/// </summary>
/// <param name="ModelFolder">The model's folder in the artifact root (a copy of the folder deployed).</param>
/// <param name="LibraryFolder">The library's folder in the artifact root: <c>__main__.py</c> and the <c>clipper_rpc</c> package.</param>
/// <param name="Entry">The predict function as <c>MODULE:FUNCTION</c>, e.g. <c>model:predict</c>.</param>
/// <param name="DebianPackages">The Debian packages the replicas need, e.g. <c>python3-msgpack</c>, <c>python3-sklearn</c>.</param>
public sealed record PythonModelSource(string ModelFolder, string LibraryFolder, string Entry, IReadOnlyList<string> DebianPackages)
{
    /// <summary>The interpreter every manager runs: Debian's python3, whose packages the model's folder names.</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Where an image holds the model's folder (its working directory).</summary>
    public const string ImageModelFolder = "/model";

    /// <summary>Where an image holds the library's folder.</summary>
    public const string ImageLibraryFolder = "/opt/clipper/python";

    /// <summary>The Debian packages the library itself needs: MessagePack, and XXH3 for rendezvous hashing.</summary>
    public static readonly IReadOnlyList<string> LibraryPackages = ["python3-msgpack", "python3-xxhash"];

    /// <summary>The command line of a replica whose folders are at the given paths.</summary>
    /// <param name="modelFolder">The model's folder where the replica runs.</param>
    /// <param name="libraryFolder">The library's folder where the replica runs.</param>
    /// <returns>The interpreter and its arguments.</returns>
    public IReadOnlyList<string> CommandLine(string modelFolder, string libraryFolder) =>
        [Interpreter, libraryFolder, "--entry", Entry, "--path", modelFolder];
}
