using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Routing;

namespace Clipper.QueryFrontend.Http;

/// <summary>One input sent to a shadow model: its query (with its own copy of the input) and what it is compared with.</summary>
/// <param name="Input">The input's index in its request.</param>
/// <param name="Arm">The shadow model.</param>
/// <param name="Query">The shadow's query.</param>
internal sealed record ShadowQuery(int Input, AppArm Arm, Query Query);
