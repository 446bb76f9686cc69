using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// A real Clipper-protocol model container: <c>tests/ClipperContainers/clipper_container.py</c> run by Debian's
/// Python (with python3-zmq and python3-numpy) as its own process, speaking ZeroMQ over real TCP.
/// </summary>
public sealed class ClipperContainerProcess : IAsyncDisposable
{
    /// <summary>Debian's interpreter: the first <c>python3</c> on PATH may be a build that does not see Debian's packages.</summary>
    public const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ClipperContainerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The folder holding the container's script in the test output.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "ClipperContainers");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed so far, for failure messages.</summary>
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

    /// <summary>Starts the container with Clipper's environment for <paramref name="name"/>:<paramref name="version"/>.</summary>
    public static ClipperContainerProcess Start(string mode, string name, string version, string inputType, int rpcPort, params string[] extraArgs) =>
        StartAt("localhost", mode, name, version, inputType, rpcPort, extraArgs);

    /// <summary>Starts the container with <c>CLIPPER_IP</c> set to <paramref name="host"/>, so that it connects from that address's interface.</summary>
    public static ClipperContainerProcess StartAt(string host, string mode, string name, string version, string inputType, int rpcPort, params string[] extraArgs)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(Folder, "clipper_container.py"));
        info.ArgumentList.Add("--mode");
        info.ArgumentList.Add(mode);
        foreach (var arg in extraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CLIPPER_MODEL_NAME"] = name;
        info.Environment["CLIPPER_MODEL_VERSION"] = version;
        info.Environment["CLIPPER_IP"] = host;
        info.Environment["CLIPPER_PORT"] = rpcPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["CLIPPER_INPUT_TYPE"] = inputType;
        info.Environment["PYTHONUNBUFFERED"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var container = new ClipperContainerProcess(process);
        process.OutputDataReceived += (_, e) => container.Append(e.Data);
        process.ErrorDataReceived += (_, e) => container.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return container;
    }

    public async Task WaitForExitAsync(TimeSpan timeout) => await _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
