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

    /// <summary>The names of the models linked to the application (Clipper allows at most one; our own links add more).</summary>
    public ImmutableArray<string> LinkedModels { get; init; } = [];

    /// <summary>
    /// The options of the links that were given some (weight, shadow), one per model at most, each naming a model of
    /// <see cref="LinkedModels"/>. A linked model without an entry has <see cref="ModelLink.Default"/>.
    /// </summary>
    public ImmutableArray<ModelLink> LinkOptions { get; init; } = [];

    /// <summary>How the application chooses among several served models (<see cref="SelectionPolicy.Split"/> unless set).</summary>
    public SelectionPolicy Policy { get; init; }

    /// <summary>
    /// Whether predictions must present one of <see cref="ApiKeys"/> (off by default, as in Clipper, which had no keys).
    /// An application that requires a key and has none refuses every prediction.
    /// </summary>
    public bool RequireKey { get; init; }

    /// <summary>The application's API keys (hashes only), ordered by key id. Kept while <see cref="RequireKey"/> is off.</summary>
    public ImmutableArray<ApiKeyRecord> ApiKeys { get; init; } = [];

    /// <summary>The application's canary rollout (running or finished), one at a time; <see langword="null"/> when it has none (ours).</summary>
    public CanaryRecord? Canary { get; init; }

    /// <summary>The options of a linked model: its entry in <see cref="LinkOptions"/>, else the default.</summary>
    /// <param name="model">A model of <see cref="LinkedModels"/>.</param>
    /// <returns>The link's options.</returns>
    public ModelLink GetLink(string model)
    {
        foreach (var link in LinkOptions)
        {
            if (string.Equals(link.Model, model, StringComparison.Ordinal))
            {
                return link;
            }
        }

        return ModelLink.Default(model);
    }
}
