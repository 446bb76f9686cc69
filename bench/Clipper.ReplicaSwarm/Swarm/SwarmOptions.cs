namespace Clipper.ReplicaSwarm.Swarm;

/// <summary>One swarm: how many models, how many replicas of each, and the frontend they connect to.</summary>
internal sealed record SwarmOptions
{
    /// <summary>The query frontend's host.</summary>
    public required string Host { get; init; }

    /// <summary>The query frontend's RPC port.</summary>
    public required int Port { get; init; }

    /// <summary>Models <c>m0</c> … <c>m{Models-1}</c>, each at version <see cref="ModelVersion"/>. Default 100.</summary>
    public int Models { get; init; } = 100;

    /// <summary>Replica connections opened for each model. Default 10.</summary>
    public int ReplicasPerModel { get; init; } = 10;

    /// <summary>The prefix of the model names: model <c>i</c> is <c>{ModelPrefix}{i}</c>. Default <c>m</c>.</summary>
    public string ModelPrefix { get; init; } = "m";

    /// <summary>The version every replica serves. Default <c>1</c>.</summary>
    public string ModelVersion { get; init; } = "1";

    /// <summary>Every replica's connections, in total.</summary>
    public int Replicas => Models * ReplicasPerModel;

    /// <summary>The name of model <paramref name="index"/>.</summary>
    public string ModelName(int index) => ModelPrefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
