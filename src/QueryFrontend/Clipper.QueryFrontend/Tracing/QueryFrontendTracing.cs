namespace Clipper.QueryFrontend.Tracing;

/// <summary>What a process hosting the query frontend listens to for its spans (see docs/tracing.md).</summary>
public static class QueryFrontendTracing
{
    /// <summary>
    /// The query frontend's <see cref="System.Diagnostics.ActivitySource"/>: <c>parse</c>, <c>queue wait</c>, <c>batch</c>
    /// and <c>model</c> spans under the request's server span.
    /// </summary>
    public const string ActivitySourceName = "Clipper.QueryFrontend";
}
