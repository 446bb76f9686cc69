namespace Clipper.ContainerManagers.Docker;

/// <content>Reading the Redis address given to <c>start</c>: its port, and whether it is on this machine's loopback.</content>
internal sealed partial class DockerCluster
{
    /// <summary>The port of a Redis address (<c>host:port</c>); Redis's default 6379 when it names none.</summary>
    private static string PortOf(string address)
    {
        var port = address[(address.LastIndexOf(':') + 1)..];
        return port.Length > 0 && port.All(char.IsAsciiDigit) ? port : "6379";
    }

    /// <summary>The port of a <c>127.0.0.1:P</c>, <c>localhost:P</c> or <c>[::1]:P</c> address; null for any other host.</summary>
    private static string? OnHostLoopback(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        var host = address[..colon];
        return host is "127.0.0.1" or "localhost" or "[::1]" ? address[(colon + 1)..] : null;
    }
}
