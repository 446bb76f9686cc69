using System.Text;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// Collects the progress messages of a build, push or pull: the first error and the last lines of output.
/// Docker.DotNet reports them synchronously as they are read, so when the call returns every message is here
/// (a <see cref="Progress{T}"/> would post them to the thread pool, to arrive later).
/// </summary>
internal sealed class EngineMessages : IProgress<JSONMessage>
{
    private const int KeptCharacters = 4000;
    private readonly Lock _lock = new();
    private readonly StringBuilder _output = new();
    private string? _error;

    /// <summary>The first error the engine reported; null when none.</summary>
    public string? Error
    {
        get
        {
            lock (_lock)
            {
                return _error;
            }
        }
    }

    /// <summary>The last lines of output (at most a few thousand characters).</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString().Trim();
            }
        }
    }

    public void Report(JSONMessage value)
    {
        var error = string.IsNullOrEmpty(value.ErrorMessage) ? value.Error?.Message : value.ErrorMessage;
        lock (_lock)
        {
            if (!string.IsNullOrEmpty(error))
            {
                _error ??= error;
            }

            if (value.Stream is { Length: > 0 } line)
            {
                _output.Append(line);
                if (_output.Length > 2 * KeptCharacters)
                {
                    _output.Remove(0, _output.Length - KeptCharacters);
                }
            }
        }
    }
}
