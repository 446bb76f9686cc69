using System.Globalization;

namespace Clipper.Configuration.Redis;

/// <summary>
/// Where a Redis is and how to log in: <c>host:port</c>, or the URL form <c>redis://[[user]:password@]host[:port]</c>
/// (user and password percent-encoded; port 6379 when left out).
/// </summary>
/// <param name="Address">The address as <c>host:port</c>.</param>
/// <param name="User">The ACL user from the URL, or <see langword="null"/>.</param>
/// <param name="Password">The password from the URL, or <see langword="null"/>.</param>
public sealed record RedisEndpoint(string Address, string? User, string? Password)
{
    /// <summary>Redis's default port.</summary>
    public const int DefaultPort = 6379;

    /// <summary>What a Redis address may look like, for error messages.</summary>
    public const string Expected = "HOST:PORT (such as 127.0.0.1:6379) or redis://[[USER]:PASSWORD@]HOST[:PORT]";

    /// <summary>Parses an address or a URL; the error names what was wrong, and never repeats a password.</summary>
    /// <param name="text">The text given.</param>
    /// <param name="endpoint">The endpoint, when the text is valid.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    /// <returns>Whether the text is valid.</returns>
    public static bool TryParse(string? text, out RedisEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"no Redis address was given; expected {Expected}";
            return false;
        }

        text = text.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            return TryParseUrl(text, out endpoint, out error);
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !TryPort(text[(colon + 1)..], out _) || text.Contains('@', StringComparison.Ordinal))
        {
            error = $"'{text}' is not a Redis address; expected {Expected}";
            return false;
        }

        endpoint = new RedisEndpoint(text, null, null);
        return true;
    }

    private static bool TryParseUrl(string text, out RedisEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        error = null;

        // The message names the URL without what stands before '@', which may hold the password.
        var shown = text.Contains('@', StringComparison.Ordinal) ? "redis://…@" + text[(text.LastIndexOf('@') + 1)..] : text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"'{shown}' is not a Redis URL; expected {Expected}";
            return false;
        }

        if (uri.Scheme != "redis")
        {
            error = uri.Scheme == "rediss"
                ? $"'{shown}' asks for TLS to Redis (rediss://), which is not supported; expected {Expected}"
                : $"'{shown}' has the scheme '{uri.Scheme}'; expected {Expected}";
            return false;
        }

        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"'{shown}' has a path, query or fragment; expected {Expected} (the configuration lives in database 0)";
            return false;
        }

        string? user = null;
        string? password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                error = $"'{shown}' names a user but no password; expected redis://[USER]:PASSWORD@HOST[:PORT]";
                return false;
            }

            user = Uri.UnescapeDataString(uri.UserInfo[..colon]);
            password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (password.Length == 0)
            {
                error = $"'{shown}' has an empty password; expected redis://[USER]:PASSWORD@HOST[:PORT]";
                return false;
            }
        }

        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        endpoint = new RedisEndpoint(host + ":" + port.ToString(CultureInfo.InvariantCulture), user is { Length: > 0 } ? user : null, password);
        return true;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    /// <summary>The address only: a password is never shown.</summary>
    /// <returns>The address, with <c>(password)</c> when one is set.</returns>
    public override string ToString() => Password is null ? Address : Address + " (password)";
}
