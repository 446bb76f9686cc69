using System.Diagnostics;

namespace Clipper.ModelRpc.Tracing;

/// <summary>
/// The container library's spans: one <c>predict</c> span per batch, around the predict call, continuing the frontend's
/// batch span when the frame carries its trace context (protocol version 3). Nothing is recorded unless the process
/// listens to <see cref="ActivitySourceName"/> (for example OpenTelemetry's <c>AddSource("Clipper.ModelRpc")</c>); spans
/// the predict function starts are children of the predict span.
/// </summary>
public static class ModelRpcTracing
{
    /// <summary>The name of the <see cref="ActivitySource"/> to listen to.</summary>
    public const string ActivitySourceName = "Clipper.ModelRpc";

    /// <summary>The name of the span around one predict call.</summary>
    public const string PredictSpanName = "predict";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(ModelRpcTracing).Assembly.GetName().Version?.ToString());
}
