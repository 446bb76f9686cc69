using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Models;

/// <summary>What the configuration says about a registered model version, as the scheduler needs it.</summary>
/// <param name="InputType">The registered input type.</param>
/// <param name="BatchSize">Clipper's batch_size: -1 for adaptive, else the fixed size.</param>
/// <param name="LatencyObjective">The smallest objective among the applications linked to the model.</param>
/// <param name="CacheBytes">The prediction cache's bound in bytes; 0 turns it off (as a test harness's versions have it unless they ask).</param>
internal sealed record ModelVersionSettings(InputType InputType, int BatchSize, TimeSpan LatencyObjective, long CacheBytes = 0);
