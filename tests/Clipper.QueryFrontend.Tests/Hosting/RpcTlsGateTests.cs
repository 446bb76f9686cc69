using System.Buffers;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;
using Clipper.QueryFrontend.Hosting;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Rpc;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clipper.QueryFrontend.Tests.Hosting;

/// <summary>
/// The RPC port's TLS gate over in-memory pipes: a TLS client reaches the handler through real TLS, Clipper's ZeroMQ
/// greeting and loopback plain connections pass, plain connections from the network are refused with a Goodbye.
/// </summary>
public sealed class RpcTlsGateTests : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly IPEndPoint s_network = new(IPAddress.Parse("10.20.30.40"), 50000);
    private static readonly IPEndPoint s_loopback = new(IPAddress.Loopback, 50000);

    private readonly TestCertificates _files = TestCertificates.Create();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly TlsServerCertificate _certificate;
    private readonly RefusedContainers _refused;
    private readonly RpcTlsGate _gate;

    public RpcTlsGateTests()
    {
        _certificate = TlsServerCertificate.Load(_files.CertificatePath, _files.KeyPath);
        var meters = _services.GetRequiredService<IMeterFactory>();
        _refused = new RefusedContainers(meters, TimeProvider.System);
        var options = new QueryFrontendOptions { RedisAddress = "127.0.0.1:1", HandshakeTimeout = TimeSpan.FromSeconds(10) };
        _gate = new RpcTlsGate(_certificate, options, new FrontendMetrics(meters), _refused, new ZeroMqStandIn(), NullLogger.Instance, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _certificate.Dispose();
        _files.Dispose();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Wrap_TlsClient_HandlerReadsAndAnswersInPlaintextOverTls()
    {
        var (connection, peer) = Open(s_network);
        var handler = Echo();
        var served = Task.Run(() => _gate.Wrap(handler.Delegate)(connection));
        using var trust = TlsTrust.FromCaFile(_files.CaPath);
        await using var tls = new SslStream(new DuplexPipeStream(peer));

        await tls.AuthenticateAsClientAsync(trust.ClientOptions("127.0.0.1")).WaitAsync(s_timeout);
        await tls.WriteAsync("ping"u8.ToArray());
        var answer = new byte[4];
        await tls.ReadExactlyAsync(answer).AsTask().WaitAsync(s_timeout);

        Assert.Equal("ping"u8.ToArray(), answer);
        tls.Close();
        await served.WaitAsync(s_timeout);
        Assert.Equal(1, handler.Calls);
        Assert.Equal(0, _refused.Count);
    }

    [Fact]
    public async Task Wrap_PlainFromTheNetwork_IsRefusedWithAGoodbyeAndNeverReachesTheHandler()
    {
        var (connection, peer) = Open(s_network);
        var handler = Echo();
        await peer.Output.WriteAsync(new byte[] { 0, 0, 0, 9, 1 });

        await _gate.Wrap(handler.Delegate)(connection).WaitAsync(s_timeout);

        Assert.Equal(0, handler.Calls);
        var reason = await ReadGoodbyeAsync(peer.Input);
        Assert.Contains("accepts our protocol in plain TCP from loopback only", reason, StringComparison.Ordinal);
        Assert.Contains("CLIPPER_TLS_CA", reason, StringComparison.Ordinal);
        var record = Assert.Single(_refused.Recent);
        Assert.Equal(s_network.ToString(), record.Address);
    }

    [Theory]
    [InlineData(true, 0x00)]
    [InlineData(false, 0xFF)]
    public async Task Wrap_PlainFromLoopbackOrClipperGreeting_ReachesTheHandlerUnread(bool fromLoopback, byte first)
    {
        var (connection, peer) = Open(fromLoopback ? s_loopback : s_network);
        var handler = Echo();
        await peer.Output.WriteAsync(new byte[] { first, 1, 2, 3 });
        await peer.Output.CompleteAsync();

        await _gate.Wrap(handler.Delegate)(connection).WaitAsync(s_timeout);

        Assert.Equal(1, handler.Calls);
        Assert.Equal(new byte[] { first, 1, 2, 3 }, handler.Received);
        Assert.Equal(0, _refused.Count);
    }

    [Fact]
    public async Task Wrap_BrokenTlsHandshake_IsRecordedAndNeverReachesTheHandler()
    {
        var (connection, peer) = Open(s_network);
        var handler = Echo();
        await peer.Output.WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5 });
        await peer.Output.CompleteAsync();

        await _gate.Wrap(handler.Delegate)(connection).WaitAsync(s_timeout);

        Assert.Equal(0, handler.Calls);
        Assert.StartsWith("TLS handshake failed: ", Assert.Single(_refused.Recent).Reason, StringComparison.Ordinal);
    }

    private static (DefaultConnectionContext Connection, IDuplexPipe Peer) Open(EndPoint remote)
    {
        var toFrontend = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var toPeer = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var connection = new DefaultConnectionContext("c", new Duplex(toFrontend.Reader, toPeer.Writer), new Duplex(toPeer.Reader, toFrontend.Writer))
        {
            RemoteEndPoint = remote,
        };
        return (connection, new Duplex(toPeer.Reader, toFrontend.Writer));
    }

    private static async Task<string> ReadGoodbyeAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(s_timeout);
            var buffer = result.Buffer;
            if (FrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame) == FrameReadResult.Complete)
            {
                Assert.Equal(MessageType.Goodbye, frame.Type);
                Assert.True(MessageCodec.TryReadGoodbye(frame.Body, out var goodbye, out var error), error);
                return goodbye.Reason;
            }

            Assert.False(result.IsCompleted, "the connection ended before a Goodbye");
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>A handler that reads what arrives until the end or four bytes, and echoes the first four back.</summary>
    private static EchoHandler Echo() => new();

    private sealed class EchoHandler
    {
        public int Calls { get; private set; }

        public byte[] Received { get; private set; } = [];

        public ConnectionDelegate Delegate => async connection =>
        {
            Calls++;
            while (true)
            {
                var result = await connection.Transport.Input.ReadAsync();
                if (result.Buffer.Length >= 4 || result.IsCompleted)
                {
                    Received = result.Buffer.ToArray();
                    connection.Transport.Input.AdvanceTo(result.Buffer.End);
                    break;
                }

                connection.Transport.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }

            await connection.Transport.Output.WriteAsync(Received.AsMemory(0, Math.Min(4, Received.Length)));
        };
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class ZeroMqStandIn : IAlternateRpcProtocol
    {
        public bool Recognizes(byte firstByte) => firstByte == 0xFF;

        public Task ServeAsync(ConnectionContext connection) => Task.CompletedTask;
    }
}
