using System.Text.Json;

namespace Clipper.Faults.Load;

/// <summary>Reads the query frontend's answer body: Clipper's <c>{"query_id", "output", "default", "default_explanation"}</c> or <c>{"error", "cause"}</c>.</summary>
internal static class AnswerReader
{
    /// <summary>The outcome and reason of a 200 answer; a body that is not an answer is an error naming what it held.</summary>
    public static (Outcome Outcome, string Reason) OfSuccess(ReadOnlySpan<byte> body)
    {
        bool? isDefault = null;
        string? explanation = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (Outcome.Error, "200 without a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("default"u8))
                {
                    reader.Read();
                    isDefault = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("default_explanation"u8))
                {
                    reader.Read();
                    explanation = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return (Outcome.Error, "200 with a body that is not JSON");
        }

        return isDefault switch
        {
            null => (Outcome.Error, "200 without a \"default\" flag"),
            true => (Outcome.Default, Explanations.OfDefault(explanation)),
            false => (Outcome.Model, ""),
        };
    }

    /// <summary>The kind of an error answer: the status and Clipper's <c>error</c> field, when the body has one.</summary>
    public static string OfError(int status, ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isError = reader.ValueTextEquals("error"u8);
                    reader.Read();
                    if (isError && reader.TokenType == JsonTokenType.String)
                    {
                        return $"HTTP {status} {reader.GetString()}";
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not Clipper's error body (Kestrel's own statuses have none): the status alone names it.
        }

        return $"HTTP {status}";
    }
}
