using System.Diagnostics;
using System.Globalization;

namespace Clipper.Integration.Tests.Admin;

/// <summary>A long-running <c>clipper</c> verb (a frontend, a model) as its own process, its stdout and stderr kept line by line.</summary>
public sealed class ClipperProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private ClipperProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The lines written to stdout so far.</summary>
    public IReadOnlyList<string> Stdout => Snapshot(_stdout);

    /// <summary>The lines written to stderr so far.</summary>
    public IReadOnlyList<string> Stderr => Snapshot(_stderr);

    /// <summary>Everything printed so far, for failure messages.</summary>
    public string Output => string.Join('\n', Stdout) + "\n" + string.Join('\n', Stderr);

    /// <summary>Starts <c>clipper ARGS</c> with more environment variables.</summary>
    public static ClipperProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clipper.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var started = new ClipperProcess(process);
        process.OutputDataReceived += (_, e) => Append(started._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(started._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Sends SIGTERM and waits for the exit (and the last lines); returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync().WaitAsync(timeout);
        }

        // The parameterless wait also waits for the redirected streams to end.
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

    private static void Append(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static string[] Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
