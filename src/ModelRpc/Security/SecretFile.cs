using System.Text;

namespace Clipper.ModelRpc.Security;

/// <summary>
/// Files holding a secret (a token, a password): written owner-only from the first byte, and read only when no other
/// user can read or write them.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Reads a secret from a file only its owner may use; surrounding whitespace is not part of it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file holds, for error messages ("token", "Redis password").</param>
    /// <returns>The file's text, trimmed.</returns>
    /// <exception cref="ArgumentException">The file is missing, or other users can read or write it; the message says which.</exception>
    public static string Read(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The {what} file '{path}' does not exist.", nameof(path));
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0)
        {
            throw new ArgumentException($"The {what} file '{path}' can be read or written by other users; expected a file only its owner can use (chmod 600 '{path}').", nameof(path));
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>Writes a secret to a new file only its owner can read and write (mode 600), replacing any file there.</summary>
    /// <param name="path">The file; its directory must exist.</param>
    /// <param name="secret">The text to write; a line break follows it.</param>
    public static void Write(string path, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(secret);
        string temporary = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created owner-only: the secret is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(secret + "\n"));
        }

        File.Move(temporary, path, overwrite: true);
    }
}
