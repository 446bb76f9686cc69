using System.Net;
using System.Net.Sockets;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>A query frontend stand-in on a real loopback listener, speaking the protocol with the library's codecs.</summary>
public sealed class FakeFrontend : IAsyncDisposable
{
    /// <summary>The limit on every wait in the serving tests.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly List<FrontendConnection> _connections = [];

    public FakeFrontend(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>A port nothing listens on (free a moment ago), for "frontend not there yet" tests.</summary>
    public static int GetUnusedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async Task<FrontendConnection> AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        Socket socket = await _listener.AcceptSocketAsync(timeout.Token);
        var connection = new FrontendConnection(socket);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    /// <summary>Accepts a connection and reads its Hello.</summary>
    public async Task<(FrontendConnection Connection, HelloMessage Hello)> AcceptHelloAsync()
    {
        FrontendConnection connection = await AcceptAsync();
        ReceivedFrame frame = await connection.ReadFrameAsync();
        Assert.Equal(MessageType.Hello, frame.Type);
        Assert.True(MessageCodec.TryReadHello(frame.Sequence, out HelloMessage? hello, out string? error), error);
        return (connection, hello);
    }

    /// <summary>Accepts, reads the Hello and answers Welcome: the usual start of a test.</summary>
    /// <summary>This frontend as a Membership lists it.</summary>
    public FrontendAddress Address(string id) => new(id, "127.0.0.1", Port);

    public async Task<FrontendConnection> AcceptAndWelcomeAsync(int replicaId = 1, int heartbeatIntervalMs = 60_000, string frontendId = "frontend-test")
    {
        (FrontendConnection connection, _) = await AcceptHelloAsync();
        await connection.WelcomeAsync(replicaId, heartbeatIntervalMs, frontendId);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        FrontendConnection[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        foreach (FrontendConnection connection in open)
        {
            await connection.DisposeAsync();
        }
    }
}
