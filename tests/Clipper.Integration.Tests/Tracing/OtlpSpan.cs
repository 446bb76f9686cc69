namespace Clipper.Integration.Tests.Tracing;

/// <summary>One span as an OTLP receiver got it: ids in lowercase hex (the parent empty for a root), and the process's service name.</summary>
internal sealed record OtlpSpan(string Service, string Scope, string Name, int Kind, string TraceId, string SpanId, string ParentSpanId, IReadOnlyList<string> LinkedSpanIds)
{
    /// <summary>OTLP's SpanKind for a server span.</summary>
    public const int ServerKind = 2;

    /// <summary>OTLP's SpanKind for a client span.</summary>
    public const int ClientKind = 3;

    public override string ToString() => $"{Service}/{Scope} '{Name}' trace {TraceId} span {SpanId} parent {(ParentSpanId.Length == 0 ? "none" : ParentSpanId)}";
}
