using System.Diagnostics;
using System.Globalization;
using System.Text;
using Clipper.Admin.Connection;
using Clipper.Integration.Tests.Admin;

namespace Clipper.Integration.Tests.Python;

/// <summary>
/// A real Python model container: Debian's python3 running the clipper_rpc library copied beside the tests
/// (<c>python3 python --entry models:FUNCTION --path Python/Models</c>), talking real TCP to a query frontend.
/// </summary>
public sealed class PythonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PythonProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The test models' folder in the repository.</summary>
    public static string ModelsFolder => Path.Combine(ModelBuildTests.RepositoryRoot(), "tests", "Clipper.Integration.Tests", "Python", "Models");

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far (its structured log lines and the models' prints).</summary>
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

    /// <summary>Starts <c>models:<paramref name="function"/></c> as model <paramref name="name"/>:<paramref name="version"/>.</summary>
    public static PythonProcess Start(string function, string name, string version, string inputType, int rpcPort, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { ClipperConnection.PythonLibraryFolder, "--entry", "models:" + function, "--path", ModelsFolder })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["CLIPPER_MODEL_NAME"] = name;
        info.Environment["CLIPPER_MODEL_VERSION"] = version;
        info.Environment["CLIPPER_IP"] = "127.0.0.1";
        info.Environment["CLIPPER_PORT"] = rpcPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["CLIPPER_INPUT_TYPE"] = inputType;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var python = new PythonProcess(process);
        process.OutputDataReceived += (_, e) => python.Append(e.Data);
        process.ErrorDataReceived += (_, e) => python.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return python;
    }

    /// <summary>Kills the process at once (SIGKILL): no goodbye.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Sends SIGTERM and waits for the process to drain and exit; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync().WaitAsync(timeout);
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
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
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
