using Clipper.Configuration;

namespace Clipper.Admin.Connection;

/// <summary>An application as the management API describes it: Clipper's fields, then ours (its policy and each link's options).</summary>
/// <param name="Name">The application's name.</param>
/// <param name="InputType">The type of its inputs (integers, floats, doubles, bytes or strings).</param>
/// <param name="DefaultOutput">The answer when no model answers in time.</param>
/// <param name="LatencySloMicros">The latency objective in microseconds.</param>
/// <param name="Policy">How it chooses among its served models (<see cref="SelectionPolicy.Split"/> from a frontend that does not say).</param>
/// <param name="Links">Every linked model with its options, ordered by model name.</param>
public sealed record ApplicationInfo(string Name, string InputType, string DefaultOutput, long LatencySloMicros, SelectionPolicy Policy, IReadOnlyList<ModelLink> Links);
