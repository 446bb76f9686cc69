using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// 12 hex digits over what goes into an image (texts, files' paths, sizes and contents), kept in a label so an
/// image with unchanged content is not rebuilt.
/// </summary>
internal sealed class ContentHash
{
    /// <summary>The image label holding the hash.</summary>
    public const string Label = "ai.clipper.content";

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private string? _value;

    /// <summary>Adds a text.</summary>
    public ContentHash Add(string text)
    {
        _hash.AppendData(Encoding.UTF8.GetBytes(text));
        _hash.AppendData([0]);
        return this;
    }

    /// <summary>Adds a file's content.</summary>
    public ContentHash AddFile(string path)
    {
        using var content = File.OpenRead(path);
        var buffer = new byte[81920];
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            _hash.AppendData(buffer.AsSpan(0, read));
        }

        return this;
    }

    /// <summary>Adds every file below a folder: its relative path, size and content, in ordinal order.</summary>
    public ContentHash AddDirectory(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            Add(Path.GetRelativePath(directory, file)).Add(new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture)).AddFile(file);
        }

        return this;
    }

    /// <summary>The hash of everything added (adding stops here).</summary>
    public override string ToString() => _value ??= Convert.ToHexStringLower(_hash.GetHashAndReset())[..12];

    /// <summary>The content hash an image carries in its <see cref="Label"/>; null when it has none or does not exist.</summary>
    public static async Task<string?> OfImageAsync(IDockerClient docker, string tag, CancellationToken cancellationToken)
    {
        try
        {
            var image = await docker.Images.InspectImageAsync(tag, cancellationToken).ConfigureAwait(false);
            return image.Config?.Labels is { } labels && labels.TryGetValue(Label, out var content) ? content : null;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
