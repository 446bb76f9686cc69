using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>One inline command sent to a Redis on loopback over a fresh connection, to see what it answers a client with no password.</summary>
public static class RedisReply
{
    /// <summary>Sends <paramref name="command"/> and returns Redis's first reply as text (for example <c>-NOAUTH ...</c>).</summary>
    public static async Task<string> OfAsync(int port, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TestTimeouts.Default);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n")).AsTask().WaitAsync(TestTimeouts.Default);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TestTimeouts.Default);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
