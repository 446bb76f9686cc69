using System.Buffers;
using System.IO.Pipelines;
using Clipper.QueryFrontend.Zmtp;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Zmtp;

public sealed class ZmtpHandshakeTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly Pipe _toServer = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _toPeer = new(new PipeOptions(useSynchronizationContext: false));
    private readonly FakeTimeProvider _time = new();

    private Task<ZmtpHandshakeResult> Run(CancellationToken stopping = default) =>
        ZmtpHandshake.RunAsync(_toServer.Reader, _toPeer.Writer, TimeSpan.FromSeconds(10), _time, stopping);

    private async Task SendAsync(byte[] bytes)
    {
        await _toServer.Writer.WriteAsync(bytes);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes the server sent.</summary>
    private async Task<byte[]> ReceiveAsync(int count)
    {
        while (true)
        {
            var result = await _toPeer.Reader.ReadAsync().AsTask().WaitAsync(s_wait);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                _toPeer.Reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            Assert.False(result.IsCompleted, $"the server sent {result.Buffer.Length} bytes and closed; expected {count}");
            _toPeer.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Reads one frame the server sent, as a command (name, data).</summary>
    private async Task<ZmtpCommand> ReceiveCommandAsync()
    {
        while (true)
        {
            var result = await _toPeer.Reader.ReadAsync().AsTask().WaitAsync(s_wait);
            var buffer = result.Buffer;
            if (ZmtpFrameReader.TryReadFrame(ref buffer, 4096, "MaxFrameBytes", out var frame, out _) == ZmtpReadStatus.Complete)
            {
                Assert.True(frame.IsCommand);
                Assert.True(ZmtpCommand.TryParse(frame.Body, out var command, out _));
                _toPeer.Reader.AdvanceTo(buffer.Start);
                return command!;
            }

            Assert.False(result.IsCompleted, "the server sent no command");
            _toPeer.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    [Fact]
    public async Task RunAsync_PeerSendsOnlyItsSignatureFirst_GetsOurWholeGreetingAtOnce()
    {
        var handshake = Run();

        // libzmq sends 10 bytes, then waits for the peer's signature before the rest.
        await SendAsync(ZmtpBytes.Greeting()[..10]);
        var greeting = await ReceiveAsync(64);
        await SendAsync([.. ZmtpBytes.Greeting()[10..], .. ZmtpBytes.Ready()]);
        var result = await handshake.WaitAsync(s_wait);
        var ready = await ReceiveCommandAsync();

        Assert.Equal(ZmtpGreeting.Server.ToArray(), greeting);
        Assert.True(result.Succeeded, result.Refusal);
        Assert.Equal(1, result.MinorVersion);
        Assert.Equal("READY", ready.Name);
        Assert.True(ready.TryReadSocketType(out var socketType, out _));
        Assert.Equal("ROUTER", socketType);
    }

    [Fact]
    public async Task RunAsync_Zmtp30Peer_SucceedsWithMinorVersionZero()
    {
        var handshake = Run();
        await SendAsync([.. ZmtpBytes.Greeting(minor: 0), .. ZmtpBytes.Ready()]);

        var result = await handshake.WaitAsync(s_wait);

        Assert.True(result.Succeeded, result.Refusal);
        Assert.Equal(0, result.MinorVersion);
    }

    [Theory]
    [InlineData("REQ")]
    [InlineData("ROUTER")]
    [InlineData("PUB")]
    public async Task RunAsync_PeerNotADealer_IsRefusedWithAnErrorCommand(string socketType)
    {
        var handshake = Run();
        await SendAsync([.. ZmtpBytes.Greeting(), .. ZmtpBytes.Ready(socketType)]);

        var result = await handshake.WaitAsync(s_wait);
        await ReceiveAsync(64);
        var error = await ReceiveCommandAsync();

        Assert.False(result.Succeeded);
        Assert.Contains($"socket type {socketType} connected", result.Refusal, StringComparison.Ordinal);
        Assert.Contains("DEALER", result.Refusal, StringComparison.Ordinal);
        Assert.Equal("ERROR", error.Name);
        Assert.Equal(result.Refusal, error.ReadErrorReason());
    }

    [Fact]
    public async Task RunAsync_CurveMechanism_IsRefusedWithAnErrorCommand()
    {
        var handshake = Run();
        await SendAsync(ZmtpBytes.Greeting(mechanism: "CURVE"));

        var result = await handshake.WaitAsync(s_wait);
        await ReceiveAsync(64);
        var error = await ReceiveCommandAsync();

        Assert.Contains("'CURVE'", result.Refusal, StringComparison.Ordinal);
        Assert.Equal("ERROR", error.Name);
    }

    [Fact]
    public async Task RunAsync_Zmtp2Peer_IsRefusedWithoutACommandItCouldNotRead()
    {
        var handshake = Run();
        await SendAsync(ZmtpBytes.Greeting(major: 2)[..12]);

        var result = await handshake.WaitAsync(s_wait);
        await ReceiveAsync(64);
        _toPeer.Writer.Complete();
        var rest = await _toPeer.Reader.ReadAsync();

        Assert.Contains("ZMTP 2.x", result.Refusal, StringComparison.Ordinal);
        Assert.Equal(0, rest.Buffer.Length);
    }

    [Fact]
    public async Task RunAsync_GreetingCutOffByClose_SaysHowMuchArrived()
    {
        var handshake = Run();
        await SendAsync(ZmtpBytes.Greeting()[..20]);
        await _toServer.Writer.CompleteAsync();

        var result = await handshake.WaitAsync(s_wait);

        Assert.Equal("the connection closed after 20 bytes of the 64-byte ZMTP greeting", result.Refusal);
    }

    [Fact]
    public async Task RunAsync_MessageFrameBeforeReady_IsRefused()
    {
        var handshake = Run();
        await SendAsync([.. ZmtpBytes.Greeting(), .. ZmtpBytes.Frame([], more: true)]);

        var result = await handshake.WaitAsync(s_wait);

        Assert.Contains("a message frame before the peer's READY command", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OtherCommandBeforeReady_IsRefusedNamingIt()
    {
        var handshake = Run();
        await SendAsync([.. ZmtpBytes.Greeting(), .. ZmtpBytes.Frame(ZmtpBytes.Command("HELLO", [1, 2]), command: true)]);

        var result = await handshake.WaitAsync(s_wait);

        Assert.Equal("the command HELLO during the handshake; the NULL mechanism expects READY", result.Refusal);
    }

    [Fact]
    public async Task RunAsync_PeerSilentAfterItsGreeting_IsRefusedAtTheHandshakeTimeout()
    {
        // Sent before the handshake starts, so that it has read the greeting (synchronously) by the time it waits.
        await SendAsync(ZmtpBytes.Greeting());
        var handshake = Run();
        await ReceiveAsync(64);

        _time.Advance(TimeSpan.FromSeconds(10));
        var result = await handshake.WaitAsync(s_wait);

        Assert.Contains("within 10 s (option HandshakeTimeout)", result.Refusal, StringComparison.Ordinal);
        Assert.Contains("greeting arrived but no READY", result.Refusal, StringComparison.Ordinal);
    }
}
