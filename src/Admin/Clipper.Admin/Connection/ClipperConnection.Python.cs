using System.Text.RegularExpressions;
using Clipper.ContainerManagers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Connection;

public sealed partial class ClipperConnection
{
    /// <summary>The folder beside this program that holds the <c>clipper_rpc</c> library (<c>__main__.py</c> and the package).</summary>
    internal static string PythonLibraryFolder => Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>
    /// Builds a Python model version into a versioned artifact under <see cref="ClipperConnectionOptions.ArtifactRoot"/>:
    /// the folder is copied to <c>NAME/VERSION/model</c> and the <c>clipper_rpc</c> container library to
    /// <c>NAME/VERSION/lib</c>. The folder's <c>requirements-debian.txt</c> names the Debian packages it needs; they (and
    /// the library's python3-msgpack and python3-xxhash) must be installed on this machine, or the build fails at once
    /// naming the <c>apt-get install</c> command.
    /// </summary>
    /// <param name="name">The model's name.</param>
    /// <param name="version">The version.</param>
    /// <param name="folder">The folder holding the model's code (and its files, e.g. a pickled model).</param>
    /// <param name="entry">The predict function, <c>MODULE:FUNCTION</c>: <c>predict(inputs) -> list</c>, one output per input.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    /// <returns>
    /// What a replica runs, as the manager's <see cref="IContainerManager.PrepareModelAsync"/> makes it: for local
    /// processes <c>/usr/bin/python3 lib --entry ENTRY --path model</c>; for Docker and Kubernetes an image.
    /// </returns>
    public async Task<ModelArtifact> BuildPythonModelAsync(string name, string version, string folder, string entry, CancellationToken cancellationToken = default)
    {
        RequireFolderName(name, "model name");
        RequireFolderName(version, "model version");
        var source = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        if (!Directory.Exists(source))
        {
            throw new ClipperException($"Cannot build Python model {name}:{version}: '{folder}' is not a folder; expected the folder holding the model's module.");
        }

        RequireEntry(entry, source);
        var output = Path.Combine(Path.GetFullPath(_options.ArtifactRoot), name, version);
        if (Within(source, output) || Within(output, source))
        {
            throw new ClipperException($"Cannot build {name}:{version} from '{folder}': it overlaps the artifact folder {output}; build from the model's folder or from a copy.");
        }

        var library = PythonLibraryFolder;
        if (!File.Exists(Path.Combine(library, "__main__.py")) || !File.Exists(Path.Combine(library, "clipper_rpc", "__init__.py")))
        {
            throw new ClipperException($"The clipper_rpc library is missing from {library}; expected __main__.py and clipper_rpc/ there (they are copied beside the clipper command line when it is built).");
        }

        var packages = PythonModelSource.LibraryPackages.Concat(DebianPackages.ReadRequirements(source)).Distinct(StringComparer.Ordinal).ToList();
        if (!File.Exists(PythonModelSource.Interpreter))
        {
            throw new ClipperException($"Python model {name}:{version} needs {PythonModelSource.Interpreter} (Debian's python3); install it with: apt-get install -y python3");
        }

        await DebianPackages.RequireInstalledAsync(packages, $"Python model {name}:{version}", cancellationToken).ConfigureAwait(false);
        _options.Progress?.Report($"copying {folder} and the clipper_rpc library into {output}...");
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        var modelFolder = Path.Combine(output, "model");
        var libraryFolder = Path.Combine(output, "lib");
        CopyFolder(source, modelFolder);
        CopyFolder(library, libraryFolder);
        var artifact = ModelArtifact.OfPythonFolder(new PythonModelSource(modelFolder, libraryFolder, entry, packages));
        return await ManagerCallAsync(() => Manager.PrepareModelAsync(new ModelVersionId(name, version), artifact, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Builds and deploys a Python model in one step: <see cref="BuildPythonModelAsync"/>, then <see cref="DeployModelAsync"/>.</summary>
    public async Task<ModelArtifact> BuildAndDeployPythonModelAsync(string name, string version, string inputType, string folder, string entry, int replicas = 1, int batchSize = -1, long? cacheBytes = null, CancellationToken cancellationToken = default)
    {
        var artifact = await BuildPythonModelAsync(name, version, folder, entry, cancellationToken).ConfigureAwait(false);
        await DeployModelAsync(name, version, inputType, artifact, replicas, batchSize, cacheBytes: cacheBytes, cancellationToken: cancellationToken).ConfigureAwait(false);
        return artifact;
    }

    /// <summary>The entry is <c>MODULE:FUNCTION</c> with Python identifiers, and the module's file is in the folder.</summary>
    private static void RequireEntry(string entry, string folder)
    {
        if (entry is null || !PythonEntry().IsMatch(entry))
        {
            throw new ClipperException($"Invalid --entry '{entry}': expected MODULE:FUNCTION with Python identifiers, e.g. model:predict (the function predict(inputs) -> list in model.py).");
        }

        var module = entry[..entry.IndexOf(':', StringComparison.Ordinal)].Replace('.', Path.DirectorySeparatorChar);
        if (!File.Exists(Path.Combine(folder, module + ".py")) && !File.Exists(Path.Combine(folder, module, "__init__.py")))
        {
            throw new ClipperException($"The entry's module is not in {folder}: expected {module}.py or {module}{Path.DirectorySeparatorChar}__init__.py there.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*:[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")]
    private static partial Regex PythonEntry();
}
