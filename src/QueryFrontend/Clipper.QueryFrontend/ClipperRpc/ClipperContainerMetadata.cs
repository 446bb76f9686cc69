namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>What a Clipper container says about itself in its metadata message.</summary>
/// <param name="ModelName">The model name, as sent.</param>
/// <param name="ModelVersion">The model version, as sent.</param>
/// <param name="InputType">The input type code as a decimal string, as sent.</param>
/// <param name="RpcVersion">The RPC version, or null when the container omitted it (Clipper before 0.4).</param>
internal sealed record ClipperContainerMetadata(string ModelName, string ModelVersion, string InputType, uint? RpcVersion);
