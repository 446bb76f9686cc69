using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <summary>Keeps the exit code of the last <c>die</c> event of an event stream (events are reported synchronously, in order).</summary>
internal sealed class DieEvents : IProgress<Message>
{
    private string? _last;

    /// <summary>The exit code of the last <c>die</c> event, as the engine wrote it; null when none.</summary>
    public string? LastExitCode => Volatile.Read(ref _last);

    public void Report(Message value)
    {
        if (value.Actor?.Attributes is { } attributes && attributes.TryGetValue("exitCode", out var code))
        {
            Volatile.Write(ref _last, code);
        }
    }
}
