using System.Diagnostics;

namespace Clipper.QueryFrontend.Tracing;

/// <summary>
/// The query frontend's spans, on <see cref="ActivitySourceName"/>. A prediction request's server span (ASP.NET Core's)
/// holds <c>parse</c> and, per query, <c>queue wait</c> (enqueued until a replica takes it into a batch); the
/// <c>batch</c> span (sent until answered) holds <c>model</c>, the time the container reports for its predict call.
/// Every method returns at once, allocating nothing, when nobody listens to the source.
/// </summary>
internal static partial class FrontendTracing
{
    /// <summary>The name of the <see cref="ActivitySource"/> to listen to.</summary>
    public const string ActivitySourceName = QueryFrontendTracing.ActivitySourceName;

    /// <summary>The span around parsing a request body.</summary>
    public const string ParseSpan = "parse";

    /// <summary>The span of one query from its queue to a batch.</summary>
    public const string QueueWaitSpan = "queue wait";

    /// <summary>The span of one batch from the frame sent to the answer read.</summary>
    public const string BatchSpan = "batch";

    /// <summary>The span of the container's predict call, as long as the container reported (protocol version 3).</summary>
    public const string ModelSpan = "model";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(FrontendTracing).Assembly.GetName().Version?.ToString());

    /// <summary>Starts <c>parse</c> under the current span (the request's); null when nobody listens or there is no request span.</summary>
    public static Activity? StartParse() =>
        Activity.Current is null ? null : Source.StartActivity(ParseSpan, ActivityKind.Internal);

    /// <summary>
    /// Starts a query's <c>queue wait</c> under the current span (the request's) without making it current: the
    /// request goes on in its own span while the query waits.
    /// </summary>
    public static Activity? StartQueueWait()
    {
        var parent = Activity.Current;
        if (parent is null || !Source.HasListeners())
        {
            return null;
        }

        var span = Source.StartActivity(QueueWaitSpan, ActivityKind.Internal);
        Activity.Current = parent;
        return span;
    }

    /// <summary>Ends <paramref name="span"/> without touching the caller's current span (a batch loop has none of its own).</summary>
    public static void Stop(Activity? span)
    {
        if (span is null || span.IsStopped)
        {
            return;
        }

        var current = Activity.Current;
        span.Stop();
        Activity.Current = current;
    }
}
