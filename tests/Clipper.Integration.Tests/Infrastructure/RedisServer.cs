using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence. It can be stopped and restarted
/// on the same port (to test Redis outages; a restarted server is empty) and is killed on dispose, or when
/// the test process exits.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<RedisServer, byte> s_running = new();
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(15);
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    static RedisServer() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var server in s_running.Keys)
        {
            server.Kill();
        }
    };

    private readonly string _bind;

    private RedisServer(int port, string bind, string? password)
    {
        Port = port;
        _bind = bind;
        Password = password;
    }

    /// <summary>The password the server requires (its <c>requirepass</c>), or none.</summary>
    public string? Password { get; }

    /// <summary>The port the server listens on (kept across restarts).</summary>
    public int Port { get; }

    /// <summary>The address as <c>127.0.0.1:port</c>.</summary>
    public string Address => "127.0.0.1:" + Port;

    /// <summary>Whether the server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free port and waits until it answers PING.</summary>
    /// <param name="bind">The addresses it listens on: loopback by default; <c>0.0.0.0</c> for containers to reach it through their gateway.</param>
    /// <param name="password">The password it requires, or none.</param>
    /// <returns>The running server.</returns>
    public static async Task<RedisServer> StartAsync(string bind = "127.0.0.1", string? password = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(FreePort.Next(), bind, password);
            try
            {
                await server.StartProcessAsync().ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
                // Another process took the port between FreePort and redis-server binding it.
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kills the server and waits for it to exit. Clients see the connection drop.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        Kill();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default).ConfigureAwait(false);
        process.Dispose();
        _process = null;
        s_running.TryRemove(this, out _);
    }

    /// <summary>
    /// Freezes the server (SIGSTOP): connections stay open but nothing is answered, as a Redis that
    /// is away behind a network partition. <see cref="Resume"/> brings it back with its data.
    /// </summary>
    public void Pause() => Signal("-STOP");

    /// <summary>Resumes a paused server (SIGCONT).</summary>
    public void Resume() => Signal("-CONT");

    private void Signal(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("The Redis server is not running.");
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        if (!kill.WaitForExit(TestTimeouts.Default) || kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {process.Id} failed");
        }
    }

    /// <summary>Starts the server again on the same port, empty, and waits until it answers PING.</summary>
    /// <returns>A task that completes when the server is ready.</returns>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        var deadline = DateTime.UtcNow + s_readyTimeout;
        while (true)
        {
            try
            {
                await StartProcessAsync().ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // The old socket may linger for a moment; try the same port again.
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", _bind, "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        if (Password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(Password);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start; is it installed (apt-get install redis-server)?");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        s_running.TryAdd(this, 0);
        await WaitUntilReadyAsync(process).ConfigureAwait(false);
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        var deadline = DateTime.UtcNow + s_readyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var exitCode = process.ExitCode;
                await StopAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"redis-server on port {Port} exited with {exitCode}: {string.Join(" | ", _output)}");
            }

            if (await AnswersPingAsync().ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(25).ConfigureAwait(false);
        }

        await StopAsync().ConfigureAwait(false);
        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {s_readyTimeout}: {string.Join(" | ", _output)}");
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), timeout.Token).ConfigureAwait(false);
            await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var buffer = new byte[16];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);

            // A server that requires a password answers, but refuses PING before AUTH.
            return reply.StartsWith("+PONG", StringComparison.Ordinal) || (Password is not null && reply.StartsWith("-NOAUTH", StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // The process exited on its own meanwhile.
        }
    }
}
