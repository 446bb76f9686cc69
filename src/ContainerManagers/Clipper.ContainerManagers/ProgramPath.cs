namespace Clipper.ContainerManagers;

/// <summary>Finds programs the way a shell does: a name with a '/' is a path, any other name is looked up on PATH.</summary>
internal static class ProgramPath
{
    /// <summary>The program's path, or null when it does not exist.</summary>
    public static string? Find(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(directory, program);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
