using System.Text;

namespace Clipper.Integration.Tests.Tracing;

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> (opentelemetry-proto, collector/trace/v1) into spans. The field numbers,
/// from the published trace.proto, resource.proto and common.proto: request.resource_spans 1; ResourceSpans.resource 1,
/// .scope_spans 2; Resource.attributes 1; KeyValue.key 1, .value 2; AnyValue.string_value 1; ScopeSpans.scope 1, .spans 2;
/// InstrumentationScope.name 1; Span.trace_id 1, .span_id 2, .parent_span_id 4, .name 5, .kind 6, .links 13;
/// Span.Link.span_id 2.
/// </summary>
internal static class OtlpTraceDecoder
{
    public static List<OtlpSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        var reader = new ProtobufReader(request);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2)
            {
                ReadResourceSpans(reader.ReadLengthDelimited(), spans);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<OtlpSpan> spans)
    {
        var service = "";
        var reader = new ProtobufReader(message);
        var scopes = new List<byte[]>();
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2)
            {
                service = ReadServiceName(reader.ReadLengthDelimited());
            }
            else if (field == 2 && wire == 2)
            {
                scopes.Add(reader.ReadLengthDelimited().ToArray());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        foreach (var scope in scopes)
        {
            ReadScopeSpans(scope, service, spans);
        }
    }

    private static string ReadServiceName(ReadOnlySpan<byte> resource)
    {
        var reader = new ProtobufReader(resource);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field != 1 || wire != 2)
            {
                reader.Skip(wire);
                continue;
            }

            var (key, value) = ReadStringAttribute(reader.ReadLengthDelimited());
            if (key == "service.name")
            {
                return value;
            }
        }

        return "";
    }

    private static (string Key, string Value) ReadStringAttribute(ReadOnlySpan<byte> keyValue)
    {
        string key = "", value = "";
        var reader = new ProtobufReader(keyValue);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2)
            {
                key = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else if (field == 2 && wire == 2)
            {
                var any = new ProtobufReader(reader.ReadLengthDelimited());
                while (!any.End)
                {
                    var (anyField, anyWire) = any.ReadTag();
                    if (anyField == 1 && anyWire == 2)
                    {
                        value = Encoding.UTF8.GetString(any.ReadLengthDelimited());
                    }
                    else
                    {
                        any.Skip(anyWire);
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (key, value);
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, string service, List<OtlpSpan> spans)
    {
        var scopeName = "";
        var reader = new ProtobufReader(message);
        var spanMessages = new List<byte[]>();
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 2)
            {
                var scope = new ProtobufReader(reader.ReadLengthDelimited());
                while (!scope.End)
                {
                    var (scopeField, scopeWire) = scope.ReadTag();
                    if (scopeField == 1 && scopeWire == 2)
                    {
                        scopeName = Encoding.UTF8.GetString(scope.ReadLengthDelimited());
                    }
                    else
                    {
                        scope.Skip(scopeWire);
                    }
                }
            }
            else if (field == 2 && wire == 2)
            {
                spanMessages.Add(reader.ReadLengthDelimited().ToArray());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        foreach (var span in spanMessages)
        {
            spans.Add(ReadSpan(span, service, scopeName));
        }
    }

    private static OtlpSpan ReadSpan(ReadOnlySpan<byte> message, string service, string scope)
    {
        string traceId = "", spanId = "", parentId = "", name = "";
        var kind = 0;
        var links = new List<string>();
        var reader = new ProtobufReader(message);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            switch (field, wire)
            {
                case (1, 2):
                    traceId = Convert.ToHexStringLower(reader.ReadLengthDelimited());
                    break;
                case (2, 2):
                    spanId = Convert.ToHexStringLower(reader.ReadLengthDelimited());
                    break;
                case (4, 2):
                    parentId = Convert.ToHexStringLower(reader.ReadLengthDelimited());
                    break;
                case (5, 2):
                    name = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                case (6, 0):
                    kind = (int)reader.ReadVarint();
                    break;
                case (13, 2):
                    links.Add(ReadLinkSpanId(reader.ReadLengthDelimited()));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return new OtlpSpan(service, scope, name, kind, traceId, spanId, parentId, links);
    }

    private static string ReadLinkSpanId(ReadOnlySpan<byte> link)
    {
        var reader = new ProtobufReader(link);
        while (!reader.End)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 2 && wire == 2)
            {
                return Convert.ToHexStringLower(reader.ReadLengthDelimited());
            }

            reader.Skip(wire);
        }

        return "";
    }
}
