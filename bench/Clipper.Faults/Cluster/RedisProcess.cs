using System.Globalization;
using Clipper.Faults.Processes;
using StackExchange.Redis;

namespace Clipper.Faults.Cluster;

/// <summary>
/// The cluster's <c>redis-server</c>, on a free loopback port with its own data folder, with or without append-only
/// persistence and an optional password. It can be killed (SIGKILL) and restarted on the same port and folder: with
/// AOF it comes back with every change it had acknowledged (fsync every second; the configuration is written long
/// before any fault), without AOF it comes back empty.
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(20);
    private readonly List<ChildProcess> _all = [];

    private RedisProcess(int port, string folder, bool appendOnly, string? password)
    {
        Port = port;
        Folder = folder;
        AppendOnly = appendOnly;
        Password = password;
    }

    /// <summary>The port, kept across restarts.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The data folder (the AOF lives here), kept across restarts.</summary>
    public string Folder { get; }

    /// <summary>Whether the server persists every change to its append-only file.</summary>
    public bool AppendOnly { get; }

    /// <summary>The password clients must send (AUTH), or none.</summary>
    public string? Password { get; }

    /// <summary>The running server process (a new one after each restart).</summary>
    public ChildProcess Process => _all[^1];

    /// <summary>Every process this server has been, for crash counting.</summary>
    public IReadOnlyList<ChildProcess> AllProcesses => _all;

    /// <summary>Starts a server on a free port in <paramref name="folder"/>.</summary>
    public static async Task<RedisProcess> StartAsync(string folder, bool appendOnly, string? password)
    {
        Directory.CreateDirectory(folder);
        for (var attempt = 1; ; attempt++)
        {
            var redis = new RedisProcess(FreePort.Next(), folder, appendOnly, password);
            try
            {
                await redis.StartProcessAsync().ConfigureAwait(false);
                return redis;
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
                // The port was taken between picking and binding it.
                await redis.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kills the server with SIGKILL, as a crash would.</summary>
    public Task KillAsync() => Process.KillAsync(TimeSpan.FromSeconds(10));

    /// <summary>Starts the server again on the same port and folder and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        if (Process.IsRunning)
        {
            await KillAsync().ConfigureAwait(false);
        }

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
                // The old socket may linger a moment.
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A client connection; the caller disposes it.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync() => ConnectionMultiplexer.ConnectAsync(ClientOptions());

    /// <summary>The options for a client of this server (address, password, short timeouts, no retry storm).</summary>
    public ConfigurationOptions ClientOptions()
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { Address },
            Password = Password,
            AbortOnConnectFail = true,
            ConnectTimeout = 2000,
            SyncTimeout = 2000,
            AsyncTimeout = 2000,
            ConnectRetry = 1,
        };
        return options;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _all)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StartProcessAsync()
    {
        List<string> arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Folder,
            "--save", "", "--appendonly", AppendOnly ? "yes" : "no", "--appendfsync", "everysec",
            "--daemonize", "no", "--protected-mode", "no", "--logfile", "",
        ];
        if (Password is not null)
        {
            arguments.AddRange(["--requirepass", Password]);
        }

        var process = ChildProcess.Start("redis", "redis-server", arguments);
        _all.Add(process);
        var deadline = DateTime.UtcNow + s_readyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!process.IsRunning)
            {
                throw new InvalidOperationException($"redis-server on port {Port} exited at start: {process.Output}");
            }

            if (await AnswersAsync().ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        await process.KillAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        throw new TimeoutException($"redis-server on port {Port} did not answer within {s_readyTimeout.TotalSeconds} s: {process.Output}");
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            await using var connection = await ConnectAsync().ConfigureAwait(false);
            var reply = await connection.GetDatabase().ExecuteAsync("PING").ConfigureAwait(false);
            return reply.ToString() == "PONG";
        }
        catch (RedisException)
        {
            // Refused, or still loading its append-only file.
            return false;
        }
    }
}
