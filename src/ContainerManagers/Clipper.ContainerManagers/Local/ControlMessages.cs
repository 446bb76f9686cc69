using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers.Local;

/// <summary>Body of <c>POST /models/scale</c>.</summary>
internal sealed record ScaleRequest(ModelVersionId Model, int Replicas);

/// <summary>Body of <c>POST /models/stop</c>.</summary>
internal sealed record StopModelsRequest(IReadOnlyList<ModelVersionId> Models);

/// <summary>Body of <c>POST /frontends/scale</c>.</summary>
internal sealed record FrontendScaleRequest(int Count);

/// <summary>Body of <c>POST /shutdown</c>.</summary>
internal sealed record ShutdownRequest(bool Graceful);

/// <summary>Every refusal of the control API: one sentence saying what was wrong.</summary>
internal sealed record ControlError(string Error);
