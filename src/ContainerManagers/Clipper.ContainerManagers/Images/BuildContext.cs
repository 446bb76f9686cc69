using System.Formats.Tar;
using System.Text;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// The files of an image build: each from a path on this machine to a path in the image (symbolic links
/// followed, modes kept), plus generated text such as the Dockerfile; written as the tar stream the
/// engine's build API takes.
/// </summary>
internal sealed class BuildContext
{
    private readonly SortedDictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _texts = new(StringComparer.Ordinal);

    /// <summary>Adds a file; <paramref name="target"/> is relative to the context's root.</summary>
    public BuildContext AddFile(string source, string target)
    {
        _files[target.TrimStart('/')] = source;
        return this;
    }

    /// <summary>Adds every file below <paramref name="sourceDirectory"/> under <paramref name="targetDirectory"/>.</summary>
    public BuildContext AddDirectory(string sourceDirectory, string targetDirectory)
    {
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories))
        {
            AddFile(file, Path.Combine(targetDirectory, Path.GetRelativePath(sourceDirectory, file)));
        }

        return this;
    }

    /// <summary>Adds generated content, e.g. the Dockerfile.</summary>
    public BuildContext AddText(string target, string content)
    {
        _texts[target.TrimStart('/')] = content;
        return this;
    }

    /// <summary>Writes the context as a tar stream.</summary>
    public async Task WriteTarAsync(Stream output, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (target, text) in _texts)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, target) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead };
            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (target, source) in _files)
        {
            // Opening follows symbolic links: the image gets the file's content under the link's name
            // (Debian's redis-server is a link whose name selects what the binary does).
            await using var content = File.OpenRead(source);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, target) { DataStream = content };
            if (!OperatingSystem.IsWindows())
            {
                entry.Mode = File.GetUnixFileMode(source);
            }

            await tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }
}
