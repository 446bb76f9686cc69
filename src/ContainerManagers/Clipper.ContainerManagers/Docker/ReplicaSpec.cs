using System.Text.Json;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <summary>What every replica of a model version runs; recorded as a label so that any process can scale the version.</summary>
/// <param name="Image">The image as it was named (a tag).</param>
/// <param name="ImageId">The image the tag named at deploy time: replicas are created from it, so a rebuilt tag is a new deployment, never a mix.</param>
/// <param name="Command">Arguments to the image's entry point; null for its own.</param>
/// <param name="InputType">The model's input type.</param>
/// <param name="Environment">The deployment's extra environment variables, sorted by name.</param>
/// <param name="HealthCheck">True to give the container the readiness health check (the image lacks its own).</param>
/// <param name="Gpus">GPUs each replica asks the engine for (a device request); 0 for none.</param>
internal sealed record ReplicaSpec(string Image, string ImageId, IReadOnlyList<string>? Command, string InputType, IReadOnlyDictionary<string, string> Environment, bool HealthCheck, int Gpus = 0)
{
    /// <summary>A spec whose environment is sorted, so that two specs of the same deployment have the same label.</summary>
    public static ReplicaSpec Create(string image, string imageId, IReadOnlyList<string>? command, string inputType, IReadOnlyDictionary<string, string> environment, bool healthCheck, int gpus = 0) =>
        new(image, imageId, command, inputType, new SortedDictionary<string, string>(environment.ToDictionary(), StringComparer.Ordinal), healthCheck, gpus);

    /// <summary>
    /// The engine's device request for <see cref="Gpus"/> GPUs (what <c>docker run --gpus N</c> asks for: any driver that
    /// offers the <c>gpu</c> capability, such as NVIDIA's container toolkit); null for none.
    /// </summary>
    public IList<DeviceRequest>? DeviceRequests() =>
        Gpus > 0 ? [new DeviceRequest { Driver = "", Count = Gpus, Capabilities = [["gpu"]] }] : null;

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
