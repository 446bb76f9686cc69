using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// Writes the protocol's JSON responses into an <see cref="IBufferWriter{T}"/> with the thread's cached
/// <see cref="Utf8JsonWriter"/>: an inference response allocates nothing.
/// </summary>
internal static partial class OipResponseWriter
{
    private static readonly JsonEncodedText s_modelName = JsonEncodedText.Encode("model_name");
    private static readonly JsonEncodedText s_modelVersion = JsonEncodedText.Encode("model_version");
    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_outputs = JsonEncodedText.Encode("outputs");
    private static readonly JsonEncodedText s_name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText s_datatype = JsonEncodedText.Encode("datatype");
    private static readonly JsonEncodedText s_shape = JsonEncodedText.Encode("shape");
    private static readonly JsonEncodedText s_data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText s_parameters = JsonEncodedText.Encode("parameters");
    private static readonly JsonEncodedText s_output = JsonEncodedText.Encode(OipRequestParser.OutputName);
    private static readonly JsonEncodedText s_bytes = JsonEncodedText.Encode(OipDatatypes.BytesName);
    private static readonly JsonEncodedText s_defaultRows = JsonEncodedText.Encode(DefaultRowsParameter);
    private static readonly JsonEncodedText s_error = JsonEncodedText.Encode("error");

    /// <summary>The output tensor parameter listing the rows answered with the default output, as comma-separated row indices.</summary>
    public const string DefaultRowsParameter = "default_rows";

    /// <summary>The prefix of the output tensor parameter, followed by a row index, that explains why that row is a default.</summary>
    public const string DefaultExplanationPrefix = "default_explanation_";

    /// <summary>Writes <c>$inference_response</c>: the model's one output tensor, BYTES of shape [rows], the output string of each row.</summary>
    /// <param name="output">Receives the body.</param>
    /// <param name="rawId">The request's <c>id</c> token as it came (quotes included), or empty when it had none.</param>
    /// <param name="target">The model version that answered.</param>
    /// <param name="queries">The completed queries, one per row.</param>
    public static void WriteInference(IBufferWriter<byte> output, ReadOnlySpan<byte> rawId, in OipTarget target, ReadOnlySpan<Query> queries)
    {
        var writer = PredictResponseWriter.Rent(output);
        writer.WriteStartObject();
        writer.WriteString(s_modelName, target.Route.Name);
        writer.WriteString(s_modelVersion, target.Version);
        if (!rawId.IsEmpty)
        {
            // The token was validated by the request's reader; written back byte for byte, escapes included.
            writer.WritePropertyName(s_id);
            writer.WriteRawValue(rawId, skipInputValidation: true);
        }

        writer.WriteStartArray(s_outputs);
        writer.WriteStartObject();
        writer.WriteString(s_name, s_output);
        writer.WriteString(s_datatype, s_bytes);
        writer.WriteStartArray(s_shape);
        writer.WriteNumberValue(queries.Length);
        writer.WriteEndArray();
        writer.WriteStartArray(s_data);
        foreach (var query in queries)
        {
            writer.WriteStringValue(query.Output.Span);
        }

        writer.WriteEndArray();
        if (OipInference.FirstDefault(queries) >= 0)
        {
            WriteDefaults(writer, queries);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        PredictResponseWriter.Return(writer);
    }

    /// <summary>Writes the protocol's error object, <c>{"error": message}</c>.</summary>
    public static void WriteError(IBufferWriter<byte> output, string message)
    {
        var writer = PredictResponseWriter.Rent(output);
        writer.WriteStartObject();
        writer.WriteString(s_error, message);
        writer.WriteEndObject();
        PredictResponseWriter.Return(writer);
    }

    /// <summary>Marks the rows answered with the default output, never silently: which rows, and why each.</summary>
    private static void WriteDefaults(Utf8JsonWriter writer, ReadOnlySpan<Query> queries)
    {
        writer.WriteStartObject(s_parameters);

        // At most 11 bytes per row ("-2147483648" never occurs; 10 digits and a comma).
        var list = ArrayPool<byte>.Shared.Rent(queries.Length * 11);
        try
        {
            var length = 0;
            for (var i = 0; i < queries.Length; i++)
            {
                if (queries[i].DefaultReason == DefaultReason.None)
                {
                    continue;
                }

                if (length > 0)
                {
                    list[length++] = (byte)',';
                }

                Utf8Formatter.TryFormat(i, list.AsSpan(length), out var written);
                length += written;
            }

            writer.WriteString(s_defaultRows, list.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(list);
        }

        Span<byte> name = stackalloc byte[DefaultExplanationPrefix.Length + 11];
        "default_explanation_"u8.CopyTo(name);
        for (var i = 0; i < queries.Length; i++)
        {
            if (queries[i].DefaultReason != DefaultReason.None)
            {
                Utf8Formatter.TryFormat(i, name[DefaultExplanationPrefix.Length..], out var written);
                writer.WriteString(name[..(DefaultExplanationPrefix.Length + written)], OipInference.Explain(queries[i]));
            }
        }

        writer.WriteEndObject();
    }
}
