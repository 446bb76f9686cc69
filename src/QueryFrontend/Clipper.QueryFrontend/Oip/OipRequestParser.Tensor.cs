using System.Text.Json;

namespace Clipper.QueryFrontend.Oip;

/// <content>The first pass over the input tensor and the requested outputs: kinds and positions, no conversion yet.</content>
internal static partial class OipRequestParser
{
    private static readonly string[] s_tensorMembers = ["name", "shape", "datatype", "parameters", "data"];
    private static readonly string[] s_outputMembers = ["name", "parameters"];

    private static bool TryReadTensor(ref Utf8JsonReader reader, ref TensorHeader tensor, out string error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = OipErrors.WrongKind("inputs[0]", "an input tensor object", reader.TokenType);
            return false;
        }

        int seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = ReadMember(ref reader, s_tensorMembers);
            if (member < 0)
            {
                error = OipErrors.UnknownMember(ref reader, "input tensor inputs[0]", "name, shape, datatype, parameters, data");
                return false;
            }

            if ((seen & (1 << member)) != 0)
            {
                error = OipErrors.DuplicateMember(s_tensorMembers[member], "input tensor inputs[0]");
                return false;
            }

            seen |= 1 << member;
            reader.Read();
            switch (member)
            {
                case 0 or 2:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        error = OipErrors.WrongKind($"'{s_tensorMembers[member]}' of input tensor inputs[0]", "a string", reader.TokenType);
                        return false;
                    }

                    if (member == 0)
                    {
                        (tensor.NameStart, tensor.NameLength) = ((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2);
                    }
                    else
                    {
                        (tensor.DatatypeStart, tensor.DatatypeLength) = ((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2);
                        tensor.Datatype = OipDatatypes.Parse(ref reader);
                    }

                    break;
                case 1:
                    if (!TryReadShape(ref reader, ref tensor, out error))
                    {
                        return false;
                    }

                    break;
                case 3:
                    if (!TrySkipParameters(ref reader, "input tensor inputs[0]", out error))
                    {
                        return false;
                    }

                    break;
                default:
                    // Read in the second pass, once the datatype and shape are known.
                    tensor.DataStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    tensor.DataEnd = (int)reader.BytesConsumed;
                    break;
            }
        }

        error = "";
        return true;
    }

    private static bool TryReadShape(ref Utf8JsonReader reader, ref TensorHeader tensor, out string error)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = OipErrors.WrongKind("'shape' of input tensor inputs[0]", "an array of dimensions", reader.TokenType);
            return false;
        }

        tensor.ShapeStart = (int)reader.TokenStartIndex;
        tensor.Rank = 0;
        tensor.RowElements = 1;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long dimension) || dimension < 0)
            {
                error = OipErrors.BadDimension(ref reader, tensor.Rank);
                return false;
            }

            if (tensor.Rank++ == 0)
            {
                tensor.Rows = dimension > int.MaxValue ? -1 : dimension;
            }
            else
            {
                // Saturating: a product this large is refused by the input size limit anyway.
                tensor.RowElements = dimension != 0 && tensor.RowElements > long.MaxValue / dimension ? long.MaxValue : tensor.RowElements * dimension;
            }
        }

        tensor.ShapeEnd = (int)reader.BytesConsumed;
        error = "";
        return true;
    }

    private static bool TryReadOutputs(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, out string error)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = OipErrors.WrongKind("'outputs'", "an array of requested outputs", reader.TokenType);
            return false;
        }

        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryReadOutput(ref reader, body, index++, out error))
            {
                return false;
            }
        }

        error = "";
        return true;
    }

    private static bool TryReadOutput(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int index, out string error)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = OipErrors.WrongKind(OipErrors.OutputWhere(index), "an object with a 'name'", reader.TokenType);
            return false;
        }

        bool named = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = ReadMember(ref reader, s_outputMembers);
            if (member < 0)
            {
                error = OipErrors.UnknownMember(ref reader, OipErrors.OutputWhere(index), "name, parameters");
                return false;
            }

            reader.Read();
            if (member == 1)
            {
                if (!TrySkipParameters(ref reader, "requested output", out error))
                {
                    return false;
                }

                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                error = OipErrors.WrongKind($"'name' of {OipErrors.OutputWhere(index)}", "a string", reader.TokenType);
                return false;
            }

            if (!TextEquals(ref reader, OutputName))
            {
                error = OipErrors.UnknownOutput(body, (int)reader.TokenStartIndex, reader.ValueSpan.Length + 2);
                return false;
            }

            named = true;
        }

        if (!named)
        {
            error = OipErrors.OutputWithoutName(index);
            return false;
        }

        error = "";
        return true;
    }
}
