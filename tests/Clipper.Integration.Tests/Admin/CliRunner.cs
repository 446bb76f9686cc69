using System.Diagnostics;

namespace Clipper.Integration.Tests.Admin;

/// <summary>Runs the <c>clipper</c> command line as a separate process against a test's state root.</summary>
public static class CliRunner
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string stateRoot, params string[] args) =>
        RunAsync(stateRoot, new Dictionary<string, string>(), args);

    /// <summary>Runs the command line with more environment variables (for example <c>CLIPPER_API_KEY</c>).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string stateRoot, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clipper.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CLIPPER_HOME"] = stateRoot;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"clipper {string.Join(' ', args)} did not finish within 120 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the command line and asserts it succeeded; returns its standard output.</summary>
    public static async Task<string> OkAsync(string stateRoot, params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync(stateRoot, args);
        Assert.True(exitCode == 0, $"clipper {string.Join(' ', args)} exited with {exitCode}: {stderr}");
        return stdout;
    }

    /// <summary>Runs the command line and asserts it failed the way users are told of mistakes: one line naming <paramref name="expected"/> (beside the progress of the steps before it), exit code 1, no stack trace.</summary>
    public static async Task FailsAsync(string stateRoot, string[] args, string expected)
    {
        var (exitCode, stdout, stderr) = await RunAsync(stateRoot, args);
        Assert.True(exitCode == 1, $"clipper {string.Join(' ', args)} exited with {exitCode}, expected 1: {stdout} {stderr}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        // Progress lines of the steps run before the failure are stamped "[hh:mm:ss] "; the error is the one line beside them.
        Assert.Single(stderr.Trim().Split('\n'), line => !System.Text.RegularExpressions.Regex.IsMatch(line, @"^\[\d{2}:\d{2}:\d{2}\] "));
    }
}
