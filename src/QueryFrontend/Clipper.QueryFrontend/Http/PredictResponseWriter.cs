using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Writes Clipper's prediction and error responses as UTF-8 JSON into an <see cref="IBufferWriter{T}"/>.
/// Each thread reuses one <see cref="Utf8JsonWriter"/>, so writing a response allocates nothing.
/// </summary>
internal static class PredictResponseWriter
{
    private static readonly JsonEncodedText s_queryIdName = JsonEncodedText.Encode("query_id");
    private static readonly JsonEncodedText s_outputName = JsonEncodedText.Encode("output");
    private static readonly JsonEncodedText s_defaultName = JsonEncodedText.Encode("default");
    private static readonly JsonEncodedText s_explanationName = JsonEncodedText.Encode("default_explanation");
    private static readonly JsonEncodedText s_missedName = JsonEncodedText.Encode("models_missed");
    private static readonly JsonEncodedText s_batchName = JsonEncodedText.Encode("batch_predictions");
    private static readonly JsonEncodedText s_errorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText s_causeName = JsonEncodedText.Encode("cause");

    // Responses are application/json and never inlined into HTML, so HTML-sensitive characters need no
    // escaping, and non-ASCII model text stays UTF-8 instead of growing sixfold as \uXXXX escapes.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static Utf8JsonWriter? s_writer;

    /// <summary>Writes <c>{"query_id": .., "output": .., "default": ..}</c>, plus <c>default_explanation</c> for a default.</summary>
    /// <param name="output">Receives the response body.</param>
    /// <param name="answer">The answer to write.</param>
    public static void WriteSingle(IBufferWriter<byte> output, in QueryAnswer answer)
    {
        Utf8JsonWriter writer = Rent(output);
        WriteAnswer(writer, answer);
        Return(writer);
    }

    /// <summary>Writes <c>{"batch_predictions": [...]}</c> with one answer object per input, in order.</summary>
    /// <param name="output">Receives the response body.</param>
    /// <param name="answers">The answers, in the order of the request's inputs.</param>
    public static void WriteBatch(IBufferWriter<byte> output, ReadOnlySpan<QueryAnswer> answers)
    {
        Utf8JsonWriter writer = Rent(output);
        writer.WriteStartObject();
        writer.WriteStartArray(s_batchName);
        foreach (ref readonly QueryAnswer answer in answers)
        {
            WriteAnswer(writer, answer);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        Return(writer);
    }

    /// <summary>Writes Clipper's error body, <c>{"error": .., "cause": ..}</c>.</summary>
    /// <param name="output">Receives the response body.</param>
    /// <param name="error">The error kind, for example <see cref="RequestError.JsonError"/>.</param>
    /// <param name="cause">What was wrong and what was expected.</param>
    public static void WriteError(IBufferWriter<byte> output, string error, string cause)
    {
        Utf8JsonWriter writer = Rent(output);
        writer.WriteStartObject();
        writer.WriteString(s_errorName, error);
        writer.WriteString(s_causeName, cause);
        writer.WriteEndObject();
        Return(writer);
    }

    private static void WriteAnswer(Utf8JsonWriter writer, in QueryAnswer answer)
    {
        writer.WriteStartObject();
        writer.WriteNumber(s_queryIdName, answer.QueryId);
        writer.WritePropertyName(s_outputName);
        if (ModelOutputJson.TryGetSingleValue(answer.OutputUtf8.Span, out ReadOnlySpan<byte> json))
        {
            // Already validated as exactly one value; the writer need not parse it again.
            writer.WriteRawValue(json, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(answer.OutputUtf8.Span);
        }

        writer.WriteBoolean(s_defaultName, answer.IsDefault);
        if (answer.IsDefault && answer.Explanation is not null)
        {
            writer.WriteString(s_explanationName, answer.Explanation);
        }

        if (answer.ModelsMissed is { } missed)
        {
            writer.WriteStartArray(s_missedName);
            foreach (var model in missed)
            {
                writer.WriteStringValue(model);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    internal static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Utf8JsonWriter? writer = s_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, s_writerOptions);
            s_writer = writer;
        }
        else
        {
            // Reset also clears state left behind if an earlier write on this thread threw midway.
            writer.Reset(output);
        }

        return writer;
    }

    internal static void Return(Utf8JsonWriter writer)
    {
        writer.Flush();

        // Drop the reference to the caller's buffer writer (often a response PipeWriter) so the
        // thread-static writer does not keep a finished request's buffers alive.
        writer.Reset(DetachedBufferWriter.Instance);
    }

    /// <summary>A placeholder output for the idle cached writer; it is never written to.</summary>
    private sealed class DetachedBufferWriter : IBufferWriter<byte>
    {
        public static readonly DetachedBufferWriter Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("The cached JSON writer is not attached to a response.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("The cached JSON writer is not attached to a response.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("The cached JSON writer is not attached to a response.");
    }
}
