using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// One child process kept running: launched with its output appended to its log file, restarted with
/// back-off when it exits, stopped with SIGTERM and then SIGKILL. Its state, restarts and last exit
/// code are what <c>status</c> shows.
/// </summary>
/// <remarks>
/// The child writes into a pipe that this process copies to the log file: when the supervisor dies,
/// the child's next write fails with SIGPIPE and it exits too, so no orphan outlives its supervisor
/// for long. The pid file of the cluster covers children that stay silent.
/// </remarks>
internal sealed partial class SupervisedProcess
{
    private const long MaxLogBytes = 50L * 1024 * 1024;
    private const string SetsidPath = "/usr/bin/setsid";

    private static readonly bool s_ownGroups = OperatingSystem.IsLinux() && File.Exists(SetsidPath);

    private readonly RestartBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _logLock = new();

    // Launching and stopping exclude each other: a stop never misses a process that a restart is starting.
    private readonly Lock _launchGate = new();
    private Process? _process;
    private Task _run = Task.CompletedTask;
    private volatile int _state = (int)ReplicaState.Starting;
    private int _restarts;
    private int? _lastExitCode;
    private ProcessRecord? _record;

    public SupervisedProcess(ProcessSpec spec, string logPath, RestartBackoff backoff, TimeProvider time, ILogger logger)
    {
        Spec = spec;
        LogPath = logPath;
        _backoff = backoff;
        _time = time;
        _logger = logger;
    }

    public ProcessSpec Spec { get; }

    public string LogPath { get; }

    public ReplicaState State => (ReplicaState)_state;

    public int Restarts => Volatile.Read(ref _restarts);

    public int? LastExitCode => _lastExitCode;

    /// <summary>The running process's id, or null between runs.</summary>
    public int? ProcessId
    {
        get
        {
            var process = Volatile.Read(ref _process);
            try
            {
                return process is { HasExited: false } ? process.Id : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>The running process's record for the state file, or null between runs.</summary>
    public ProcessRecord? Record => ProcessId is null ? null : _record;

    /// <summary>Why the last launch failed (the program is missing...), or null.</summary>
    public string? LaunchError { get; private set; }

    /// <summary>Starts the supervision loop; the first launch happens before this returns.</summary>
    public void Start()
    {
        var launched = Launch();
        _run = Task.Run(() => SuperviseAsync(launched));
    }

    /// <summary>Stops the process and its supervision: SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Process? process;
        lock (_launchGate)
        {
            _stopping.Cancel();
            process = _process;
        }

        if (process is not null)
        {
            await TerminateAsync(process, grace).ConfigureAwait(false);
        }

        try
        {
            await _run.WaitAsync(grace + TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.SupervisionDidNotEnd(_logger, Spec.Id);
        }

        _state = (int)ReplicaState.Stopped;
    }

    private async Task SuperviseAsync(Process? process)
    {
        var consecutiveFailures = 0;
        while (process is not null)
        {
            var startedAt = _time.GetTimestamp();
            _state = (int)ReplicaState.Running;
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            _lastExitCode = process.ExitCode;
            if (s_ownGroups)
            {
                // What the exited process started dies with it, before a restart starts another.
                Signals.KillGroup(process.Id);
            }

            process.Dispose();
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var ranFor = _time.GetElapsedTime(startedAt);
            consecutiveFailures = ranFor >= _backoff.StableAfter ? 1 : consecutiveFailures + 1;
            var delay = _backoff.DelayFor(consecutiveFailures);
            _state = (int)ReplicaState.Restarting;
            Interlocked.Increment(ref _restarts);
            Log.Exited(_logger, Spec.Id, _lastExitCode ?? -1, ranFor.TotalSeconds, delay.TotalSeconds);
            AppendNote(3001, "Warning", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"exited with code {_lastExitCode} after {ranFor.TotalSeconds:0.0} s; restarting in {delay.TotalSeconds:0.0} s"));
            try
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            process = Launch();
        }
    }

    private async Task PumpAsync(Stream output)
    {
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await output.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                AppendToLog(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
            // The process is gone; its exit is handled by the supervision loop.
        }
    }

    private void AppendToLog(string text) => AppendToLog(System.Text.Encoding.UTF8.GetBytes(text));

    private void AppendToLog(ReadOnlySpan<byte> bytes)
    {
        lock (_logLock)
        {
            try
            {
                using (var file = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                    file.Write(bytes);
                    if (file.Length < MaxLogBytes)
                    {
                        return;
                    }
                }

                // A chatty or crash-looping process must not fill the disk: keep this file and one older.
                File.Move(LogPath, LogPath + ".1", overwrite: true);
            }
            catch (IOException ex)
            {
                Log.LogWriteFailed(_logger, Spec.Id, ex.Message);
            }
        }
    }

    private static async Task TerminateAsync(Process process, TimeSpan grace)
    {
        try
        {
            var pid = process.Id;
            if (process.HasExited)
            {
                if (s_ownGroups)
                {
                    Signals.KillGroup(pid);
                }

                return;
            }

            if (!(s_ownGroups ? Signals.TerminateGroup(pid) : Signals.Terminate(pid)))
            {
                process.Kill(entireProcessTree: true);
                return;
            }

            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }

            if (s_ownGroups)
            {
                // The group had SIGTERM with its leader; whatever still runs after a moment is ended.
                for (var i = 0; i < 20 && Signals.GroupExists(pid); i++)
                {
                    await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
                }

                Signals.KillGroup(pid);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited and disposed meanwhile.
        }
    }
}
