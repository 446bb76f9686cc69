namespace Clipper.ContainerManagers.Prometheus;

/// <summary>Replaces a file whole: written beside it under a name of its own, then renamed over it, so a reader that watches it never sees half.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
