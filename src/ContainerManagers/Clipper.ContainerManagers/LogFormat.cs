using System.Text.Json.Serialization;

namespace Clipper.ContainerManagers;

/// <summary>
/// How a process writes its logs to the console (<c>--log-format</c>, <see cref="LogFormats.Variable"/>); a cluster
/// started with one runs every process of its own in it (<see cref="ClusterStartOptions.LogFormat"/>).
/// </summary>
/// <remarks>Written by name (<c>"Text"</c>, <c>"Json"</c>) in the state files, labels and annotations that record it.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<LogFormat>))]
public enum LogFormat
{
    /// <summary>Lines for people, as before (the default).</summary>
    Text,

    /// <summary>One JSON object per line (the built-in JSON console formatter), for log collectors.</summary>
    Json,
}
