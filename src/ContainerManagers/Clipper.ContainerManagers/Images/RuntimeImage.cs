using System.Runtime.InteropServices;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// The base of every .NET image the managers build, <c>FROM scratch</c> since no registry can be assumed:
/// this machine's .NET runtime and ASP.NET Core shared frameworks under <c>/dotnet</c>, with the
/// shared libraries they load. Images of the frontends and of models add their application on top, so
/// the runtime layer is stored once.
/// </summary>
internal static class RuntimeImage
{
    /// <summary>Where the runtime lives in the image.</summary>
    public const string DotnetRoot = "/dotnet";

    // Loaded on demand by the runtime (dlopen), so ldd on the runtime's own libraries does not list them.
    private static readonly string[] s_dlopened = ["libssl.so.3", "libcrypto.so.3", "libz.so.1"];

    // Tracing and debugging support that needs libraries (LTTng) a server image does without.
    private static readonly string[] s_left = ["libcoreclrtraceptprovider.so"];

    /// <summary>The tag of the runtime image for the runtime this process runs on, e.g. <c>clipper-dotnet-runtime:10.0.12</c>.</summary>
    public static string Tag => "clipper-dotnet-runtime:" + Environment.Version.ToString(3);

    /// <summary>Builds the runtime image unless the engine has it already; returns its tag.</summary>
    public static async Task<string> EnsureAsync(IDockerClient docker, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (await DockerImageBuilder.ExistsAsync(docker, Tag, cancellationToken).ConfigureAwait(false))
        {
            return Tag;
        }

        progress?.Report($"building image {Tag} from this machine's .NET runtime...");
        var netCore = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');      // .../shared/Microsoft.NETCore.App/10.0.12
        var version = Path.GetFileName(netCore);
        var root = Path.GetFullPath(Path.Combine(netCore, "..", "..", ".."));
        var aspNetCore = Path.Combine(root, "shared", "Microsoft.AspNetCore.App", version);
        var fxr = Path.Combine(root, "host", "fxr", version);
        var host = Path.Combine(root, "dotnet");
        foreach (var required in new[] { aspNetCore, fxr })
        {
            if (!Directory.Exists(required))
            {
                throw new ContainerManagerException($"Building {Tag} needs {required}: install the ASP.NET Core runtime {version} beside the .NET runtime.");
            }
        }

        var context = new BuildContext()
            .AddFile(host, "dotnet/dotnet")
            .AddDirectory(fxr, $"dotnet/host/fxr/{version}")
            .AddDirectory(aspNetCore, $"dotnet/shared/Microsoft.AspNetCore.App/{version}");
        var natives = new List<string> { host };
        foreach (var file in Directory.EnumerateFiles(netCore))
        {
            if (Array.IndexOf(s_left, Path.GetFileName(file)) >= 0)
            {
                continue;
            }

            context.AddFile(file, $"dotnet/shared/Microsoft.NETCore.App/{version}/{Path.GetFileName(file)}");
            if (file.EndsWith(".so", StringComparison.Ordinal))
            {
                natives.Add(file);
            }
        }

        natives.AddRange(Directory.EnumerateFiles(fxr, "*.so"));
        foreach (var library in await SharedLibraries.ResolveAsync(natives, cancellationToken).ConfigureAwait(false))
        {
            context.AddFile(library, library);
        }

        foreach (var name in s_dlopened)
        {
            if (FindLibrary(name) is { } path)
            {
                context.AddFile(path, path);
            }
        }

        // /tmp: the runtime's diagnostics and many programs expect it.
        context.AddText("tmp/.keep", "");
        context.AddText("Dockerfile", $"""
            FROM scratch
            COPY . /
            ENV DOTNET_ROOT={DotnetRoot} DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 TMPDIR=/tmp
            """);
        await DockerImageBuilder.BuildAsync(docker, context, Tag, new Dictionary<string, string> { [ImageLabels.Kind] = "runtime" }, cancellationToken).ConfigureAwait(false);
        return Tag;
    }

    private static string? FindLibrary(string name)
    {
        foreach (var directory in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib" })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
