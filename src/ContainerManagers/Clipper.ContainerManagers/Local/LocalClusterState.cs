using System.Text.Json;
using System.Text.Json.Serialization;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// The state file of a local cluster, written by its supervisor whenever a process starts or stops
/// (atomically: a temporary file renamed over the old one). Another process reads it to connect, and
/// to end every child if the supervisor itself is gone.
/// </summary>
internal sealed record LocalClusterState
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public required string Cluster { get; init; }

    public required ProcessRecord Supervisor { get; init; }

    public required int ControlPort { get; init; }

    /// <summary>The secret every control API call must carry; the file is readable by its owner only.</summary>
    public required string ControlToken { get; init; }

    public ClusterAddresses? Addresses { get; init; }

    /// <summary>The query frontends that run (how many, and their ports), first to last.</summary>
    public IReadOnlyList<LocalFrontend> Frontends { get; init; } = [];

    /// <summary>The log format every process of the cluster was started with (<see cref="ClusterStartOptions.LogFormat"/>).</summary>
    public LogFormat LogFormat { get; init; }

    /// <summary>Every running child by its id.</summary>
    public IReadOnlyDictionary<string, ProcessRecord> Children { get; init; } = new Dictionary<string, ProcessRecord>();

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A name of its own per write: two writers never interleave in one temporary file.
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, s_json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The state in <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static LocalClusterState? TryLoad(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<LocalClusterState>(File.ReadAllText(path), s_json);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
