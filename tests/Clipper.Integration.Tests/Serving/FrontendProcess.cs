using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>A real query frontend: <c>clipper query-frontend</c> as its own process, on loopback and free ports.</summary>
public sealed class FrontendProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FrontendProcess(Process process, int httpPort, int rpcPort)
    {
        _process = process;
        HttpPort = httpPort;
        RpcPort = rpcPort;
    }

    public int HttpPort { get; }

    public int RpcPort { get; }

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the frontend and waits until its HTTP port answers.</summary>
    public static Task<FrontendProcess> StartAsync(string redisAddress, int httpPort, int rpcPort, HttpClient http, params string[] extraArgs) =>
        StartAsync("http", redisAddress, httpPort, rpcPort, http, extraArgs);

    /// <summary>Starts the frontend with more variables (OTEL_*...) and waits until its HTTP port answers.</summary>
    public static Task<FrontendProcess> StartAsync(string redisAddress, int httpPort, int rpcPort, HttpClient http, IReadOnlyDictionary<string, string> environment) =>
        StartAsync("http", redisAddress, httpPort, rpcPort, http, [], environment);

    /// <summary>Starts the frontend (the arguments give it a certificate) and waits until its HTTP port answers over HTTPS (<paramref name="https"/> trusts the certificate).</summary>
    public static Task<FrontendProcess> StartHttpsAsync(string redisAddress, int httpPort, int rpcPort, HttpClient https, params string[] extraArgs) =>
        StartAsync("https", redisAddress, httpPort, rpcPort, https, extraArgs);

    /// <summary>The frontend's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private init; } = null!;

    private static async Task<FrontendProcess> StartAsync(string scheme, string redisAddress, int httpPort, int rpcPort, HttpClient http, string[] extraArgs, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[variable] = value;
        }

        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "clipper.dll"), "query-frontend", "--redis", redisAddress, "--bind", "127.0.0.1",
            "--http-port", httpPort.ToString(CultureInfo.InvariantCulture), "--rpc-port", rpcPort.ToString(CultureInfo.InvariantCulture),
        }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var frontend = new FrontendProcess(process, httpPort, rpcPort) { BaseAddress = new Uri($"{scheme}://127.0.0.1:{httpPort}/") };
        process.OutputDataReceived += (_, e) => frontend.Append(e.Data);
        process.ErrorDataReceived += (_, e) => frontend.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                Assert.False(process.HasExited, "the query frontend exited at start: " + frontend.Output);
                try
                {
                    using var response = await http.GetAsync(frontend.BaseAddress);
                    return response.IsSuccessStatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or slow to answer its first request on a loaded machine.
                    return false;
                }
            }, TimeSpan.FromSeconds(30), () => frontend.Output);
        }
        catch
        {
            // A frontend that never answered is not left running: the caller gets no handle to dispose.
            await frontend.DisposeAsync();
            throw;
        }

        return frontend;
    }

    /// <summary>The frontend's GET /metrics document.</summary>
    public async Task<JsonElement> MetricsAsync(HttpClient http)
    {
        var text = await MetricsJson.GetStringAsync(http, $"http://127.0.0.1:{HttpPort}/metrics");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync(TimeSpan timeout)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(timeout);
    }

    /// <summary>Sends SIGTERM; the returned task ends with the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await SignalTerminateAsync(timeout);
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM and returns at once.</summary>
    public async Task SignalTerminateAsync(TimeSpan timeout)
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync().WaitAsync(timeout);
    }

    /// <summary>Waits for the process to exit; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
