using System.Diagnostics;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// The shared libraries native binaries load, found with <c>ldd</c>: what an image built
/// <c>FROM scratch</c> must hold besides the binaries themselves.
/// </summary>
internal static class SharedLibraries
{
    /// <summary>Every library the binaries need (absolute paths on this machine, the dynamic loader included).</summary>
    /// <exception cref="ContainerManagerException"><c>ldd</c> is missing, or a binary needs a library this machine lacks.</exception>
    public static async Task<IReadOnlySet<string>> ResolveAsync(IEnumerable<string> binaries, CancellationToken cancellationToken)
    {
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var binary in binaries)
        {
            foreach (var line in await LddAsync(binary, cancellationToken).ConfigureAwait(false))
            {
                // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)", "/lib64/ld-linux-x86-64.so.2 (0x...)", "linux-vdso.so.1 (0x...)"
                var text = line.Trim();
                if (text.Contains("not found", StringComparison.Ordinal))
                {
                    throw new ContainerManagerException($"{binary} needs a library this machine does not have ({text}); install it to build the image.");
                }

                var arrow = text.IndexOf("=> ", StringComparison.Ordinal);
                var path = arrow >= 0 ? text[(arrow + 3)..] : text;
                var space = path.IndexOf(' ', StringComparison.Ordinal);
                path = space >= 0 ? path[..space] : path;
                if (path.StartsWith('/'))
                {
                    libraries.Add(path);
                }
            }
        }

        return libraries;
    }

    private static async Task<string[]> LddAsync(string binary, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("ldd") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(binary);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ContainerManagerException($"ldd is needed to build images from files on this machine ({ex.Message}); install libc-bin.");
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);

            // A static binary or a non-ELF file: nothing to add.
            return process.ExitCode == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        }
    }
}
