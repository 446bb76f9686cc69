using System.Collections.Immutable;

namespace Clipper.QueryFrontend.Selection;

/// <summary>The Exp3 and Exp4 policies over one read of an application's log-weights, for its models in a fixed order.</summary>
/// <param name="Version">The state's version it was built from.</param>
/// <param name="Models">The models, in the order of the policies' arms.</param>
/// <param name="Exp3">The bandit: one model per query.</param>
/// <param name="Exp4">The ensemble's weights.</param>
internal sealed record PolicySnapshot(int Version, ImmutableArray<string> Models, Exp3Policy Exp3, Exp4Policy Exp4);
