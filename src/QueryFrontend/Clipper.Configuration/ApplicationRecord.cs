using System.Collections.Immutable;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration;

/// <summary>A registered application: a named prediction endpoint with its input type and latency objective.</summary>
public sealed record ApplicationRecord
{
    /// <summary>The application name (a DNS-1123 label); the path of its <c>/{name}/predict</c> endpoint.</summary>
    public required string Name { get; init; }

    /// <summary>The type of every input the endpoint accepts; a linked model must have the same type.</summary>
    public required InputType InputType { get; init; }

    /// <summary>The output returned when no model answers within the latency objective.</summary>
    public required string DefaultOutput { get; init; }

    /// <summary>The latency objective in microseconds, from arrival to answer; always positive.</summary>
    public required long LatencySloMicros { get; init; }

    /// <summary>The names of the models linked to the application (Clipper allows at most one).</summary>
    public ImmutableArray<string> LinkedModels { get; init; } = [];

    /// <summary>
    /// Whether predictions must present one of <see cref="ApiKeys"/> (off by default, as in Clipper, which had no keys).
    /// An application that requires a key and has none refuses every prediction.
    /// </summary>
    public bool RequireKey { get; init; }

    /// <summary>The application's API keys (hashes only), ordered by key id. Kept while <see cref="RequireKey"/> is off.</summary>
    public ImmutableArray<ApiKeyRecord> ApiKeys { get; init; } = [];
}
