using System.Diagnostics;
using System.Text;

namespace Clipper.Integration.Tests.Serving;

/// <summary>A real model container: the clipper CLI's example model, as its own process talking real TCP.</summary>
public sealed class ModelProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ModelProcess(Process process)
    {
        _process = process;
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public static ModelProcess Start(string kind, string name, string version, string inputType, int rpcPort, params string[] extraArgs) =>
        Start(kind, name, version, inputType, "127.0.0.1", rpcPort, new Dictionary<string, string>(), extraArgs);

    /// <summary>Starts an example model that reaches its frontend at <paramref name="host"/>, with more variables (CLIPPER_JOIN_TOKEN...).</summary>
    public static ModelProcess Start(string kind, string name, string version, string inputType, string host, int rpcPort, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "clipper.dll"));
        info.ArgumentList.Add("example-model");
        info.ArgumentList.Add(kind);
        foreach (var arg in extraArgs)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CLIPPER_MODEL_NAME"] = name;
        info.Environment["CLIPPER_MODEL_VERSION"] = version;
        info.Environment["CLIPPER_IP"] = host;
        info.Environment["CLIPPER_PORT"] = rpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CLIPPER_INPUT_TYPE"] = inputType;
        foreach (var (variable, value) in environment)
        {
            info.Environment[variable] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var model = new ModelProcess(process);
        process.OutputDataReceived += (_, e) => model.Append(e.Data);
        process.ErrorDataReceived += (_, e) => model.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return model;
    }

    /// <summary>Kills the process at once (SIGKILL): the container gets no chance to say goodbye.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends SIGTERM and waits for the process to drain and exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().WaitAsync(timeout);
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGSTOP or SIGCONT: a stopped process keeps its socket open but sends nothing, not even heartbeats.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
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
