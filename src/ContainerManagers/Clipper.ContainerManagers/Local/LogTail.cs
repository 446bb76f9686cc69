namespace Clipper.ContainerManagers.Local;

/// <summary>The last lines of a log file, read from its end so a large log costs little.</summary>
internal static class LogTail
{
    private const int MaxBytes = 64 * 1024;

    public static IReadOnlyList<string> Read(string path, int lines)
    {
        if (lines <= 0 || !File.Exists(path))
        {
            return [];
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = (int)Math.Min(file.Length, MaxBytes);
        file.Seek(-length, SeekOrigin.End);
        var buffer = new byte[length];
        file.ReadExactly(buffer);
        var all = System.Text.Encoding.UTF8.GetString(buffer).Split('\n');
        var end = all.Length > 0 && all[^1].Length == 0 ? all.Length - 1 : all.Length;
        var start = Math.Max(0, end - lines);
        return all[start..end];
    }
}
