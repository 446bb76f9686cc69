using System.Text.Json;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// Parses an inference request body (<c>$inference_request</c> of the Open Inference Protocol) straight into
/// <see cref="ParsedInputs"/>: each row of the one input tensor's batch dimension becomes one input in Clipper's wire
/// form. Streams tokens with <see cref="Utf8JsonReader"/> over the contiguous body; only the error path allocates.
/// </summary>
internal static partial class OipRequestParser
{
    /// <summary>The name of the one output of every Clipper model.</summary>
    public const string OutputName = "output";

    /// <summary>Parses an inference request.</summary>
    /// <param name="body">The whole body, contiguous; the caller keeps it until the response is written (the id points into it).</param>
    /// <param name="model">The model version addressed, whose input type the rows must convert to.</param>
    /// <param name="expected">The model version's input type.</param>
    /// <param name="limits">The most rows, bytes per row and JSON depth.</param>
    /// <param name="into">Receives the rows; cleared first, and left empty on failure.</param>
    /// <param name="request">The id and batch size; meaningful only when this returns <see langword="true"/>.</param>
    /// <param name="error">What was wrong and what was expected; meaningful only when this returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="into"/> holds one input per row.</returns>
    public static bool TryParse(ReadOnlySpan<byte> body, ModelVersionId model, InputType expected, ParseLimits limits, ParsedInputs into,
        out OipInferRequest request, out string error)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Begin(expected, isBatch: true);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        bool parsed;
        var tensor = TensorHeader.Empty;
        request = default;
        try
        {
            parsed = TryParseRequest(ref reader, body, ref tensor, out request, out error);
            if (!parsed)
            {
                // A body that is not JSON at all is reported as such, even when a shape error came first.
                while (reader.Read())
                {
                }
            }
        }
        catch (JsonException exception)
        {
            error = OipErrors.InvalidJson(exception, limits.MaxDepth);
            parsed = false;
        }

        parsed = parsed
            && TryCheckTensor(body, in tensor, model, expected, limits, out error)
            && TryParseData(body, in tensor, model, expected, limits, into, out error);
        if (!parsed)
        {
            into.Reset();
            return false;
        }

        request = request with { Datatype = tensor.Datatype, Rows = (int)tensor.Rows };
        return true;
    }

    private static bool TryParseRequest(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref TensorHeader tensor, out OipInferRequest request, out string error)
    {
        request = new OipInferRequest(-1, 0, OipDatatype.Unsupported, 0);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = OipErrors.BodyNotObject(reader.TokenType);
            return false;
        }

        int seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = ReadMember(ref reader, s_requestMembers);
            if (member < 0)
            {
                error = OipErrors.UnknownMember(ref reader, "the inference request", "id, parameters, inputs, outputs");
                return false;
            }

            if ((seen & (1 << member)) != 0)
            {
                error = OipErrors.DuplicateMember(s_requestMembers[member], "the inference request");
                return false;
            }

            seen |= 1 << member;
            reader.Read();
            bool ok = member switch
            {
                0 => TryReadId(ref reader, ref request, out error),
                1 => TrySkipParameters(ref reader, "the inference request", out error),
                2 => TryReadInputs(ref reader, ref tensor, out error),
                _ => TryReadOutputs(ref reader, body, out error),
            };
            if (!ok)
            {
                return false;
            }
        }

        if ((seen & (1 << 2)) == 0)
        {
            error = OipErrors.NoInputs;
            return false;
        }

        // With the body's end as the final block, the reader throws on anything but whitespace after the object.
        while (reader.Read())
        {
        }

        error = "";
        return true;
    }

    private static bool TryReadId(ref Utf8JsonReader reader, ref OipInferRequest request, out string error)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            error = OipErrors.WrongKind("'id'", "a string", reader.TokenType);
            return false;
        }

        // The raw token, quotes and escapes included, is itself valid JSON: the response writes it back as it came.
        request = request with { IdStart = (int)reader.TokenStartIndex, IdLength = reader.ValueSpan.Length + 2 };
        error = "";
        return true;
    }

    private static bool TrySkipParameters(ref Utf8JsonReader reader, string where, out string error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = OipErrors.WrongKind("'parameters' of " + where, "an object", reader.TokenType);
            return false;
        }

        // No parameter changes how Clipper serves a query; they are accepted and ignored, as the protocol allows.
        reader.Skip();
        error = "";
        return true;
    }

    private static bool TryReadInputs(ref Utf8JsonReader reader, ref TensorHeader tensor, out string error)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = OipErrors.WrongKind("'inputs'", "an array of input tensors", reader.TokenType);
            return false;
        }

        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count++ > 0)
            {
                reader.Skip();
                continue;
            }

            if (!TryReadTensor(ref reader, ref tensor, out error))
            {
                return false;
            }
        }

        if (count != 1)
        {
            error = OipErrors.InputCount(count);
            return false;
        }

        error = "";
        return true;
    }

    private static readonly string[] s_requestMembers = ["id", "parameters", "inputs", "outputs"];

    /// <summary>Whether the string the reader is on is <paramref name="text"/>; false also for a string that is not valid Unicode.</summary>
    internal static bool TextEquals(ref Utf8JsonReader reader, string text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The index of the property name the reader is on in <paramref name="names"/>, or -1 (also for a name that is not valid Unicode).</summary>
    private static int ReadMember(ref Utf8JsonReader reader, string[] names)
    {
        try
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (reader.ValueTextEquals(names[i]))
                {
                    return i;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // An escaped half of a surrogate pair: not a name of ours.
        }

        return -1;
    }
}
