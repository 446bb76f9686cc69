using System.Collections.Concurrent;
using System.Diagnostics;

namespace Clipper.Faults.Processes;

/// <summary>
/// One process of the cluster under test, started by the harness: its pid, its last output lines, and
/// whether it ended on its own. An exit the harness did not cause (<see cref="KillAsync"/>,
/// <see cref="StopAsync"/>) is a crash, which every fault line counts.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private static readonly ConcurrentDictionary<ChildProcess, byte> s_running = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _exitExpected;
    private TaskCompletionSource _nextLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        // The harness dies (Ctrl+C, a failed test run): nothing it started may outlive it.
        foreach (var child in s_running.Keys)
        {
            child.KillNow();
        }
    };

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>The role of the process in the cluster (<c>query-frontend</c>, <c>replica-2</c>...).</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Pid { get; private set; }

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning => !_exited.Task.IsCompleted;

    /// <summary>True when the process ended without the harness ending it.</summary>
    public bool Crashed => _exited.Task.IsCompleted && !_exitExpected;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>The last lines the process printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Completes when the process prints its next line (a batch starting, with <c>--log-batches</c>).</summary>
    public Task NextLineAsync() => Volatile.Read(ref _nextLine).Task;

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/> and the extra <paramref name="environment"/>.</summary>
    public static ChildProcess Start(string name, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[variable] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => child.Remember(e.Data);
        process.Exited += (_, _) => child.OnExited();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: {program} did not start.");
        }

        child.Pid = process.Id;
        s_running.TryAdd(child, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Kills the process with SIGKILL (an expected exit) and waits until it is gone.</summary>
    public async Task KillAsync(TimeSpan timeout)
    {
        _exitExpected = true;
        KillNow();
        await WaitForExitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Sends SIGTERM (an expected exit), then SIGKILL when the process has not ended within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _exitExpected = true;
        if (!IsRunning)
        {
            return;
        }

        Signals.Send(Pid, Signals.Terminate);
        if (await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false) != _exited.Task)
        {
            KillNow();
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>Freezes (SIGSTOP) or resumes (SIGCONT) the process.</summary>
    public void Signal(int signal)
    {
        if (!Signals.Send(Pid, signal))
        {
            throw new InvalidOperationException($"{Name} (pid {Pid}) could not be sent signal {signal}: it is gone ({Describe()}).");
        }
    }

    /// <summary>A one-line description for reports: name, pid, and how it ended.</summary>
    public string Describe() => IsRunning
        ? $"{Name} (pid {Pid}) running"
        : $"{Name} (pid {Pid}) exited with {_exited.Task.Result}{(Crashed ? " on its own" : "")}";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            await KillAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} (pid {Pid}) did not exit within {timeout.TotalSeconds:0.#} s of being stopped.");
        }
    }

    private void KillNow()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private void OnExited()
    {
        s_running.TryRemove(this, out _);
        int code;
        try
        {
            // Exited fires before the output is drained; the code is what matters here.
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        Interlocked.Exchange(ref _nextLine, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }
}
