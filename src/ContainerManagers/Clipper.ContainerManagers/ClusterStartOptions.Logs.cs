using System.Globalization;

namespace Clipper.ContainerManagers;

/// <content>One log format for every process of the cluster.</content>
public sealed partial record ClusterStartOptions
{
    /// <summary>
    /// How every process the cluster runs writes its logs (default <see cref="LogFormat.Text"/>): the frontends, the
    /// local supervisor, model replicas (<see cref="LogFormats.Variable"/> in their environment) and Prometheus. The
    /// cluster records it, so replicas deployed later by another process log the same way.
    /// </summary>
    public LogFormat LogFormat { get; init; }

    private void ValidateLogFormat()
    {
        if (!Enum.IsDefined(LogFormat))
        {
            throw new ContainerManagerException(string.Create(CultureInfo.InvariantCulture, $"{nameof(LogFormat)} ({LogFormats.Flag}) is {(int)LogFormat}; expected {nameof(LogFormat.Text)} or {nameof(LogFormat.Json)}."));
        }
    }
}
