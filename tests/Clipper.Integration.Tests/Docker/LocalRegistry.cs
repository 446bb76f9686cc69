using System.Diagnostics;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Docker;

/// <summary>A real image registry (Debian's <c>docker-registry</c>) on a free loopback port, with its storage in a temporary folder.</summary>
public sealed class LocalRegistry : IAsyncDisposable
{
    private const string Program = "/usr/bin/docker-registry";
    private readonly Process _process;
    private readonly string _root;

    private LocalRegistry(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Address = "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary><c>127.0.0.1:PORT</c>: the engine pushes to and pulls from loopback registries over plain HTTP.</summary>
    public string Address { get; }

    public static async Task<LocalRegistry> StartAsync()
    {
        Assert.True(File.Exists(Program), $"No {Program}: install the docker-registry package (scripts/ensure-docker.sh does).");
        var root = Directory.CreateTempSubdirectory("clipper-registry-").FullName;
        var port = FreePort.Next();
        var config = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(root, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            """);
        var info = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(config);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(process, root, port);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Serving.Eventually.TrueAsync(
                async () =>
                {
                    Assert.False(process.HasExited, $"{Program} exited with code {(process.HasExited ? process.ExitCode : 0)} while starting");
                    try
                    {
                        using var response = await http.GetAsync(new Uri($"http://{registry.Address}/v2/"));
                        return response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30));
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <summary>The tags the registry holds for <paramref name="repository"/>.</summary>
    public async Task<string> TagsAsync(string repository)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri($"http://{Address}/v2/{repository}/tags/list"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
