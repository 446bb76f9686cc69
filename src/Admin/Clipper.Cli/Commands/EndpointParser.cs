namespace Clipper.Cli.Commands;

/// <summary>Checks <c>host:port</c> arguments.</summary>
internal static class EndpointParser
{
    /// <summary>Returns the address when it is <c>host:port</c> with a valid port.</summary>
    /// <exception cref="ArgumentException">The address is malformed; the message names the option.</exception>
    public static string RequireHostPort(string? value, string option)
    {
        var colon = value?.LastIndexOf(':') ?? -1;
        if (value is null || colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"{option} must be HOST:PORT with a port from 1 to 65535 (e.g. 127.0.0.1:6379); got '{value}'.");
        }

        return value;
    }
}
