using System.Text.Json;

namespace Clipper.ContainerManagers.Docker;

/// <summary>What every replica of a model version runs; recorded as a label so that any process can scale the version.</summary>
/// <param name="Image">The image.</param>
/// <param name="Command">Arguments to the image's entry point; null for its own.</param>
/// <param name="InputType">The model's input type.</param>
/// <param name="Environment">The deployment's extra environment variables.</param>
/// <param name="HealthCheck">True to give the container the readiness health check (the image lacks its own).</param>
internal sealed record ReplicaSpec(string Image, List<string>? Command, string InputType, Dictionary<string, string> Environment, bool HealthCheck)
{
    public string ToLabel() => JsonSerializer.Serialize(this);

    /// <summary>The spec in a label; null when it is missing or unreadable.</summary>
    public static ReplicaSpec? FromLabel(string? label)
    {
        try
        {
            return string.IsNullOrEmpty(label) ? null : JsonSerializer.Deserialize<ReplicaSpec>(label);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
