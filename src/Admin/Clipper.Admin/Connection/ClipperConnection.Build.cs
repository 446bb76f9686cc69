using System.Diagnostics;
using Clipper.ContainerManagers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Connection;

public sealed partial class ClipperConnection
{
    /// <summary>
    /// Builds a model version into a versioned artifact under <see cref="ClipperConnectionOptions.ArtifactRoot"/>:
    /// a .NET project (a <c>.csproj</c>, or a folder holding one) is published with <c>dotnet publish -c Release</c>;
    /// a folder that is already published (it holds a <c>*.runtimeconfig.json</c>) is copied.
    /// </summary>
    /// <returns>
    /// What a replica runs, as the manager's <see cref="IContainerManager.PrepareModelAsync"/> makes it: for local
    /// processes <c>dotnet MODEL.dll</c> in the artifact folder; for Docker an image of that folder.
    /// </returns>
    public async Task<ModelArtifact> BuildModelAsync(string name, string version, string projectOrFolder, CancellationToken cancellationToken = default)
    {
        RequireFolderName(name, "model name");
        RequireFolderName(version, "model version");
        var root = Path.GetFullPath(_options.ArtifactRoot);
        var output = Path.Combine(root, name, version);
        var source = Path.GetFullPath(projectOrFolder).TrimEnd(Path.DirectorySeparatorChar);
        if (Within(source, output) || Within(output, source))
        {
            throw new ClipperException($"Cannot build {name}:{version} from '{projectOrFolder}': it overlaps the artifact folder {output}; build from the project or from a copy.");
        }
        if (Directory.Exists(source) && Directory.GetFiles(source, "*.runtimeconfig.json").Length > 0)
        {
            CopyFolder(source, output);
        }
        else if (File.Exists(source) && source.EndsWith(".csproj", StringComparison.Ordinal) || Directory.Exists(source) && Directory.GetFiles(source, "*.csproj").Length == 1)
        {
            _options.Progress?.Report($"building {name}:{version} with dotnet publish...");
            await PublishAsync(source, output, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new ClipperException($"Cannot build model {name}:{version} from '{projectOrFolder}': expected a .csproj file, a folder with exactly one .csproj, or a published folder (with a *.runtimeconfig.json).");
        }

        var entry = Directory.GetFiles(output, "*.runtimeconfig.json");
        if (entry.Length != 1)
        {
            throw new ClipperException($"The build of {name}:{version} in {output} has {entry.Length} entry points (*.runtimeconfig.json); expected exactly one program.");
        }

        var dll = entry[0][..^".runtimeconfig.json".Length] + ".dll";
        return await ManagerCallAsync(() => Manager.PrepareModelAsync(new ModelVersionId(name, version), ModelArtifact.OfPublishedFolder(output, dll), cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Builds and deploys in one step: <see cref="BuildModelAsync"/>, then <see cref="DeployModelAsync"/>.</summary>
    public async Task<ModelArtifact> BuildAndDeployModelAsync(string name, string version, string inputType, string projectOrFolder, int replicas = 1, int batchSize = -1, long? cacheBytes = null, CancellationToken cancellationToken = default)
    {
        var artifact = await BuildModelAsync(name, version, projectOrFolder, cancellationToken).ConfigureAwait(false);
        await DeployModelAsync(name, version, inputType, artifact, replicas, batchSize, cacheBytes: cacheBytes, cancellationToken: cancellationToken).ConfigureAwait(false);
        return artifact;
    }

    /// <summary>Names become folder names: letters, digits, '.', '_' and '-', not starting with '.'.</summary>
    private static void RequireFolderName(string value, string what)
    {
        var valid = value.Length is > 0 and <= 128 && value[0] != '.';
        foreach (var c in value)
        {
            valid &= char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
        }

        if (!valid)
        {
            throw new ClipperException($"Invalid {what} '{value}': expected 1 to 128 letters, digits, '.', '_' or '-', not starting with '.'.");
        }
    }

    private static bool Within(string path, string folder) =>
        path == folder || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static async Task PublishAsync(string project, string output, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet", "-p:UseAppHost=false" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new ClipperException("Cannot run dotnet to build the model.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new ClipperException(cancellationToken.IsCancellationRequested
                ? $"The build of {project} was cancelled."
                : $"dotnet publish {project} did not finish within 10 minutes; it was stopped.");
        }

        if (process.ExitCode != 0)
        {
            var text = (await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false)).Trim();
            throw new ClipperException($"dotnet publish {project} failed with exit code {process.ExitCode}:{Environment.NewLine}{(text.Length > 2000 ? text[^2000..] : text)}");
        }
    }

    private static void CopyFolder(string source, string target)
    {
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)), overwrite: true);
        }
    }
}
