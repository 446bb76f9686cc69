namespace Clipper.ContainerManagers;

/// <summary>Where managers keep what they write on this machine for their clusters.</summary>
internal static class ClipperHome
{
    /// <summary>The default state root: <c>$CLIPPER_HOME</c>, or <c>~/.clipper</c>.</summary>
    public static string Resolve() =>
        Environment.GetEnvironmentVariable("CLIPPER_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".clipper");
}
