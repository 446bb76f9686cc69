using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Clipper.Admin.Management;

/// <summary>
/// A JSON request body read the way Clipper's management frontend reads it: fields are taken in order and
/// the first problem (invalid JSON, a missing key, a wrong type) becomes <see cref="Error"/>, worded as
/// Clipper words it: <c>Error parsing JSON: &lt;what&gt;. Expected JSON schema: &lt;schema&gt;</c>. After an
/// error the getters return defaults, so a handler reads every field and checks <see cref="Error"/> once.
/// </summary>
internal sealed class JsonRequest : IDisposable
{
    private readonly JsonDocument? _document;
    private readonly string _schema;

    private JsonRequest(JsonDocument? document, string schema, string? parseError)
    {
        _document = document;
        _schema = schema;
        if (parseError is not null)
        {
            Fail(parseError);
        }
        else if (document!.RootElement.ValueKind != JsonValueKind.Object)
        {
            Fail("Can only get key-value pair from an object; the body is " + TypeName(document.RootElement.ValueKind));
        }
    }

    /// <summary>The first problem, formatted with the expected schema; <see langword="null"/> while there is none.</summary>
    public string? Error { get; private set; }

    /// <summary>
    /// Reads and parses the request body. A body over Kestrel's size limit, or one arriving slower than its minimum
    /// rate, throws <see cref="BadHttpRequestException"/> (413, 408).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="schema">The operation's schema, quoted in every error.</param>
    /// <param name="maxDepth">The deepest the JSON may nest (option <c>MaxJsonDepth</c>).</param>
    /// <param name="cancellationToken">Ends the read.</param>
    /// <returns>The parsed request, or one whose <see cref="Error"/> says why the body is refused.</returns>
    public static async Task<JsonRequest> ReadAsync(HttpRequest request, string schema, int maxDepth, CancellationToken cancellationToken)
    {
        // Read whole before parsing (Kestrel bounds it at MaxRequestBodyBytes), so that a parse failure can be
        // checked again for its cause: nesting past the limit is named as such.
        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        return Parse(new ReadOnlySequence<byte>(body), schema, maxDepth);
    }

    /// <summary>
    /// Parses a body already in memory, exactly as <see cref="ReadAsync"/> parses one read from the request: the same
    /// options and the same errors. The body must stay unchanged while the request is in use.
    /// </summary>
    /// <param name="body">The body.</param>
    /// <param name="schema">The operation's schema, quoted in every error.</param>
    /// <param name="maxDepth">The deepest the JSON may nest (option <c>MaxJsonDepth</c>, 32 by default).</param>
    /// <returns>The parsed request, or one whose <see cref="Error"/> says why the body is refused.</returns>
    public static JsonRequest Parse(ReadOnlySequence<byte> body, string schema, int maxDepth = 32)
    {
        try
        {
            return new JsonRequest(JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth }), schema, null);
        }
        catch (JsonException ex)
        {
            if (JsonDepth.Exceeds(body.IsSingleSegment ? body.FirstSpan : body.ToArray(), maxDepth))
            {
                return new JsonRequest(null, schema, $"the body nests JSON deeper than {maxDepth} levels (option MaxJsonDepth)");
            }

            return new JsonRequest(null, schema, ParseError(ex));
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted || result.IsCanceled)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            // Examine everything, consume nothing: the next read returns the whole body so far.
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    public string String(string key) =>
        TryGet(key, JsonValueKind.String, "String", out var value) && TryGetText(key, value, -1, out var text) ? text : "";

    public bool Bool(string key)
    {
        if (TryGetProperty(key, out var value))
        {
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            FailType(key, "bool", value);
        }

        return false;
    }

    /// <summary>A field Clipper does not have (one of ours): absent is <paramref name="absent"/>, present must be a bool.</summary>
    public bool OptionalBool(string key, bool absent) => Has(key) ? Bool(key) : absent;

    /// <summary>A field Clipper does not have (one of ours): absent is <paramref name="absent"/>, present must be a string.</summary>
    public string OptionalString(string key, string absent) => Has(key) ? String(key) : absent;

    /// <summary>A field Clipper does not have (one of ours): absent is <paramref name="absent"/>, present must be an int.</summary>
    public int OptionalInt32(string key, int absent) => Has(key) ? Int32(key) : absent;

    /// <summary>A field Clipper does not have (one of ours): absent is <paramref name="absent"/>, present must be an integer.</summary>
    public long OptionalInt64(string key, long absent) => Has(key) ? Int64(key) : absent;

    /// <summary>A field Clipper does not have (one of ours): absent is <paramref name="absent"/>, present must be a finite number.</summary>
    public double OptionalDouble(string key, double absent)
    {
        if (!Has(key) || !TryGet(key, JsonValueKind.Number, "Number", out var value))
        {
            return absent;
        }

        if (value.TryGetDouble(out var result) && double.IsFinite(result))
        {
            return result;
        }

        Fail($"Type mismatch! JSON key {key} expected a finite number but found {value.GetRawText()}");
        return absent;
    }

    public int Int32(string key)
    {
        if (TryGet(key, JsonValueKind.Number, "Number", out var value))
        {
            if (value.TryGetInt32(out var result))
            {
                return result;
            }

            Fail($"Type mismatch! JSON key {key} expected an integer (int) but found {value.GetRawText()}");
        }

        return 0;
    }

    public long Int64(string key)
    {
        if (TryGet(key, JsonValueKind.Number, "Number", out var value))
        {
            if (value.TryGetInt64(out var result))
            {
                return result;
            }

            Fail($"Type mismatch! JSON key {key} expected an integer but found {value.GetRawText()}");
        }

        return 0;
    }

    public string[] StringArray(string key)
    {
        if (!TryGet(key, JsonValueKind.Array, "Array", out var value))
        {
            return [];
        }

        var result = new string[value.GetArrayLength()];
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                Fail($"Type mismatch! JSON key {key} expected an array of strings but element {index} has type {TypeName(element.ValueKind)}");
                return [];
            }

            if (!TryGetText(key, element, index, out var text))
            {
                return [];
            }

            result[index++] = text;
        }

        return result;
    }

    public void Dispose() => _document?.Dispose();

    private bool Has(string key) => Error is null && _document!.RootElement.TryGetProperty(key, out _);

    private bool TryGet(string key, JsonValueKind kind, string typeName, out JsonElement value)
    {
        if (!TryGetProperty(key, out value))
        {
            return false;
        }

        if (value.ValueKind == kind)
        {
            return true;
        }

        FailType(key, typeName, value);
        return false;
    }

    private bool TryGetProperty(string key, out JsonElement value)
    {
        value = default;
        if (Error is not null)
        {
            return false;
        }

        if (_document!.RootElement.TryGetProperty(key, out value))
        {
            return true;
        }

        Fail("JSON object does not have required key: " + key);
        return false;
    }

    /// <summary>
    /// The text of a string value. JsonDocument checks the JSON grammar, not that a string's bytes are UTF-8 or that its
    /// <c>\u</c> escapes pair their surrogates: <see cref="JsonElement.GetString"/> finds out and throws, which would
    /// answer 500 without a reason, so the bad string is refused here like any other bad field.
    /// </summary>
    private bool TryGetText(string key, JsonElement value, int index, [NotNullWhen(true)] out string? text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            var where = index < 0 ? "" : $" at element {index}";
            Fail($"JSON key {key} holds a string that is not valid Unicode{where} (bytes that are not UTF-8, or a \\u escape of half a surrogate pair); expected UTF-8 text");
            text = null;
            return false;
        }
    }

    private void FailType(string key, string expected, JsonElement value) =>
        Fail($"Type mismatch! JSON key {key} expected type {expected} but found type {TypeName(value.ValueKind)}");

    private void Fail(string what) => Error ??= $"Error parsing JSON: {what}. Expected JSON schema: {_schema}";

    private static string ParseError(JsonException exception) =>
        "JSON parse error: " + exception.Message.TrimEnd('.') + (exception.BytePositionInLine is { } offset ? $" (offset {offset})" : "");

    /// <summary>RapidJSON's type names, which Clipper's messages use.</summary>
    private static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null => "Null",
        JsonValueKind.False => "False",
        JsonValueKind.True => "True",
        JsonValueKind.Object => "Object",
        JsonValueKind.Array => "Array",
        JsonValueKind.String => "String",
        JsonValueKind.Number => "Number",
        _ => "Undefined",
    };
}
