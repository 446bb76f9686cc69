using System.Diagnostics;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>
/// A command run on a real terminal: a detached tmux session on a tmux server of its own (its own socket), so tests run
/// in parallel and disposing kills the server and everything the session started.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private static int s_sequence;
    private readonly string _socket = $"clipper-test-{Environment.ProcessId}-{Interlocked.Increment(ref s_sequence)}";

    private TmuxSession()
    {
    }

    /// <summary>Starts <paramref name="command"/> (run by sh) in a session of <paramref name="width"/> x <paramref name="height"/> cells.</summary>
    public static async Task<TmuxSession> StartAsync(string command, IReadOnlyDictionary<string, string> environment, int width = 160, int height = 48)
    {
        var session = new TmuxSession();
        var args = new List<string> { "new-session", "-d", "-s", "test", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (name, value) in environment)
        {
            args.Add("-e");
            args.Add($"{name}={value}");
        }

        // The shell stays after the command so its last screen can be read; the exit code is printed on a line of its own.
        args.Add($"{command}; echo \"[exit $?]\"; sleep 600");
        await session.TmuxAsync(args);
        return session;
    }

    /// <summary>A command line for sh of <paramref name="args"/>, each quoted.</summary>
    public static string ShellCommand(IEnumerable<string> args) => string.Join(' ', args.Select(arg => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    /// <summary>The visible screen, one string per line (trailing blanks trimmed).</summary>
    public async Task<string> ScreenAsync() => await TmuxAsync(["capture-pane", "-p", "-t", "test"]);

    /// <summary>Sends keys to the session as typed (tmux key names such as <c>q</c> or <c>C-c</c>).</summary>
    public Task SendKeysAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", "test", .. keys]);

    /// <summary>Waits until the screen holds <paramref name="text"/>; fails naming the last screen after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = await ScreenAsync();
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The terminal did not show '{text}' within {timeout.TotalSeconds} s. Last screen:\n{screen}");
        return screen;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync(["kill-server"]);
        }
        catch (InvalidOperationException)
        {
            // Already gone: the server exits with its last session.
        }
    }

    private async Task<string> TmuxAsync(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Default);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}: {await stderr}");
        }

        return await stdout;
    }
}
