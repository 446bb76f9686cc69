using Clipper.ModelRpc.Security;

namespace Clipper.Cli.Commands;

/// <summary>Where a frontend started by hand finds a cluster token (admin or join): a file given by flag, else a variable.</summary>
internal static class TokenSource
{
    /// <summary>The variable the management frontend reads its admin token from when no file is given.</summary>
    public const string AdminTokenVariable = "CLIPPER_ADMIN_TOKEN";

    /// <summary>The variable a query frontend reads the cluster's join token from when no file is given.</summary>
    public const string JoinTokenVariable = "CLIPPER_JOIN_TOKEN";

    /// <summary>The admin token from <paramref name="file"/>, else from <see cref="AdminTokenVariable"/>, else none.</summary>
    /// <exception cref="ArgumentException">The file or the variable holds no valid token; the message says why.</exception>
    public static ClusterToken? Read(string? file) => Read(file, AdminTokenVariable);

    /// <summary>A token from <paramref name="file"/>, else from the variable <paramref name="variable"/>, else none.</summary>
    /// <exception cref="ArgumentException">The file or the variable holds no valid token; the message says why.</exception>
    public static ClusterToken? Read(string? file, string variable)
    {
        if (!string.IsNullOrEmpty(file))
        {
            return ClusterToken.ReadFile(file);
        }

        return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? ClusterToken.Parse(value, variable) : null;
    }
}
