using System.Buffers;
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
        try
        {
            var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = maxDepth });
            return new JsonRequest(document, schema, null);
        }
        catch (JsonException ex)
        {
            var failedAt = ex.BytePositionInLine;
            if (JsonDepth.Exceeds(body, maxDepth))
            {
                return new JsonRequest(null, schema, $"the body nests JSON deeper than {maxDepth} levels (option MaxJsonDepth)");
            }

            return new JsonRequest(null, schema, "JSON parse error: " + ex.Message.TrimEnd('.') + (failedAt is { } offset ? $" (offset {offset})" : ""));
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
        TryGet(key, JsonValueKind.String, "String", out var value) ? value.GetString()! : "";

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

            result[index++] = element.GetString()!;
        }

        return result;
    }

    public void Dispose() => _document?.Dispose();

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

    private void FailType(string key, string expected, JsonElement value) =>
        Fail($"Type mismatch! JSON key {key} expected type {expected} but found type {TypeName(value.ValueKind)}");

    private void Fail(string what) => Error ??= $"Error parsing JSON: {what}. Expected JSON schema: {_schema}";

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
