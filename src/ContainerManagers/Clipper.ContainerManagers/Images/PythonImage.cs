using System.Globalization;
using System.Text;
using System.Text.Json;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// Images of Python programs, <c>FROM scratch</c> since no registry can be assumed: a base image
/// (<c>clipper-python:VERSION-HASH</c>) with this machine's Debian <c>python3</c> (the interpreter, its standard
/// library, the shared libraries they load) and the files of the Debian packages asked for; on top, the program's
/// folders, entry point and environment. Both are rebuilt only when their content changes.
/// </summary>
internal static class PythonImage
{
    /// <summary>The interpreter, in the image and on this machine (Debian's, which sees Debian's Python packages).</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>The exec command of a model image's readiness check: exits 0 while the ready file exists.</summary>
    public static IReadOnlyList<string> ReadinessCommand { get; } =
        [Interpreter, "-c", $"import os, sys; sys.exit(0 if os.path.exists('{ApplicationImage.ReadyFile}') else 1)"];

    // Parts of the standard library a server does without: the static library and build files, GUI toolkits, the
    // installer of pip, the IDE and turtle demos.
    private static readonly string[] s_leftOut = ["config-", "tkinter", "idlelib", "turtledemo", "ensurepip", "dist-packages", "site-packages"];

    private const string BaseRepository = "clipper-python";

    /// <summary>Builds the image unless one with the same content has its tag; returns the tag.</summary>
    /// <exception cref="ContainerManagerException">Python or a package is missing on this machine, or the build failed.</exception>
    public static async Task<string> EnsureAsync(IDockerClient docker, PythonAppSpec spec, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var baseTag = await EnsureBaseAsync(docker, spec.DebianPackages, progress, cancellationToken).ConfigureAwait(false);
        var dockerfile = new StringBuilder().Append("FROM ").AppendLine(baseTag);
        var context = new BuildContext();
        for (var i = 0; i < spec.Folders.Count; i++)
        {
            var (source, target) = spec.Folders[i];
            if (!Directory.Exists(source))
            {
                throw new ContainerManagerException($"Cannot build {spec.Tag}: the folder {source} does not exist.");
            }

            context.AddDirectory(source, $"folder{i}");
            dockerfile.Append(CultureInfo.InvariantCulture, $"COPY folder{i} {target}").AppendLine();
        }

        var environment = new SortedDictionary<string, string>(spec.Environment.ToDictionary(), StringComparer.Ordinal) { ["PYTHONUNBUFFERED"] = "1" };
        if (spec.Model)
        {
            environment[Clipper.ModelRpc.Serving.ClipperEnvironment.ReadyFile] = ApplicationImage.ReadyFile;
            var check = ApplicationImage.ModelHealthCheck;
            dockerfile.Append(CultureInfo.InvariantCulture, $"HEALTHCHECK --interval={check.Interval.TotalSeconds}s --timeout={check.Timeout.TotalSeconds}s --start-period={TimeSpan.FromTicks(check.StartPeriod / 100).TotalSeconds}s --retries={check.Retries} CMD {JsonSerializer.Serialize(ReadinessCommand)}").AppendLine();
        }

        foreach (var (name, value) in environment)
        {
            dockerfile.Append(CultureInfo.InvariantCulture, $"ENV {name}={JsonSerializer.Serialize(value)}").AppendLine();
        }

        if (spec.WorkingDirectory is { } workingDirectory)
        {
            dockerfile.Append("WORKDIR ").AppendLine(workingDirectory);
        }

        dockerfile.Append("ENTRYPOINT ").AppendLine(JsonSerializer.Serialize(spec.Entrypoint));
        var text = dockerfile.ToString();
        var hash = new ContentHash().Add(text);
        foreach (var (source, _) in spec.Folders)
        {
            hash.AddDirectory(source);
        }

        var content = hash.ToString();
        if (await ContentHash.OfImageAsync(docker, spec.Tag, cancellationToken).ConfigureAwait(false) == content)
        {
            return spec.Tag;
        }

        progress?.Report($"building image {spec.Tag}...");
        context.AddText("Dockerfile", text);
        var labels = new Dictionary<string, string>(spec.Labels.ToDictionary()) { [ContentHash.Label] = content };
        await DockerImageBuilder.BuildAsync(docker, context, spec.Tag, labels, cancellationToken).ConfigureAwait(false);
        return spec.Tag;
    }

    /// <summary>The base image: the interpreter, the standard library, the packages and every shared library they load.</summary>
    private static async Task<string> EnsureBaseAsync(IDockerClient docker, IReadOnlyCollection<string> packages, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var interpreter = ResolveInterpreter();
        var version = Path.GetFileName(interpreter)["python".Length..];                  // "3.11"
        var standardLibrary = "/usr/lib/python" + version;
        var closure = await DebianPackages.ResolvePythonClosureAsync(packages, cancellationToken).ConfigureAwait(false);
        var hash = new ContentHash().Add(interpreter).Add(new FileInfo(interpreter).Length.ToString(CultureInfo.InvariantCulture));
        foreach (var package in closure)
        {
            hash.Add(package.Name).Add(package.Version);
        }

        var tag = $"{BaseRepository}:{version}-{hash}";
        if (await DockerImageBuilder.ExistsAsync(docker, tag, cancellationToken).ConfigureAwait(false))
        {
            return tag;
        }

        progress?.Report($"building image {tag} from this machine's Python {version}{(closure.Count > 0 ? " and " + string.Join(", ", closure.Select(p => p.Name)) : "")}...");
        var context = new BuildContext().AddFile(interpreter, Interpreter);
        var natives = new List<string> { interpreter };
        foreach (var file in Directory.EnumerateFiles(standardLibrary, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(standardLibrary, file);
            if (!s_leftOut.Any(relative.StartsWith))
            {
                Add(context, natives, file);
            }
        }

        foreach (var package in closure)
        {
            foreach (var file in await DebianPackages.FilesAsync(package.Name, cancellationToken).ConfigureAwait(false))
            {
                if (file.StartsWith("/usr/lib/", StringComparison.Ordinal))
                {
                    Add(context, natives, file);
                    AddCompiled(context, file);
                }
            }
        }

        foreach (var library in await SharedLibraries.ResolveAsync(natives, cancellationToken).ConfigureAwait(false))
        {
            context.AddFile(library, library);
        }

        // /tmp: the ready file and many programs expect it.
        context.AddText("tmp/.keep", "");
        context.AddText("Dockerfile", """
            FROM scratch
            COPY . /
            ENV LANG=C.UTF-8 TMPDIR=/tmp
            """);
        await DockerImageBuilder.BuildAsync(docker, context, tag, new Dictionary<string, string> { [ImageLabels.Kind] = "python" }, cancellationToken).ConfigureAwait(false);
        return tag;
    }

    /// <summary>The interpreter <see cref="Interpreter"/> names (a link to <c>python3.X</c>).</summary>
    private static string ResolveInterpreter()
    {
        var info = new FileInfo(Interpreter);
        if (!info.Exists)
        {
            throw new ContainerManagerException($"Building a Python image needs Debian's Python at {Interpreter}: apt-get install -y python3");
        }

        var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Interpreter;
        return Path.GetFileName(target).StartsWith("python3.", StringComparison.Ordinal)
            ? target
            : throw new ContainerManagerException($"{Interpreter} leads to {target}; expected Debian's python3.X.");
    }

    private static void Add(BuildContext context, List<string> natives, string file)
    {
        context.AddFile(file, file);
        if (file.EndsWith(".so", StringComparison.Ordinal) || file.Contains(".so.", StringComparison.Ordinal))
        {
            natives.Add(file);
        }
    }

    /// <summary>Debian compiles a package's modules when it installs them; dpkg does not list the results, which spare every container start the compilation.</summary>
    private static void AddCompiled(BuildContext context, string file)
    {
        if (!file.EndsWith(".py", StringComparison.Ordinal))
        {
            return;
        }

        var folder = Path.Combine(Path.GetDirectoryName(file)!, "__pycache__");
        var stem = Path.GetFileNameWithoutExtension(file);
        if (Directory.Exists(folder))
        {
            foreach (var compiled in Directory.EnumerateFiles(folder, stem + ".cpython-*.pyc"))
            {
                context.AddFile(compiled, compiled);
            }
        }
    }
}
