using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Oip;
using Inference;

namespace Clipper.QueryFrontend.OipGrpc;

/// <summary>
/// Reads a gRPC <c>ModelInferRequest</c> into <see cref="ParsedInputs"/>, the form the REST transport parses JSON into:
/// each row of the one input tensor's first dimension becomes one input in Clipper's wire form. The elements come from
/// the typed field of the tensor's datatype or from <c>raw_input_contents</c> (<see cref="TryReadRaw"/>).
/// </summary>
internal static partial class GrpcTensorReader
{
    /// <summary>Reads the request's rows.</summary>
    /// <param name="request">The request.</param>
    /// <param name="model">The model version addressed, whose input type the rows must convert to.</param>
    /// <param name="expected">The model version's input type.</param>
    /// <param name="limits">The most rows and bytes per row.</param>
    /// <param name="into">Receives the rows; cleared first, and left empty on failure.</param>
    /// <param name="error">What was wrong and what was expected; meaningful only when this returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="into"/> holds one input per row.</returns>
    public static bool TryRead(ModelInferRequest request, ModelVersionId model, InputType expected, ParseLimits limits, ParsedInputs into, out string error)
    {
        into.Begin(expected, isBatch: true);
        var read = TryCheckOutputs(request, out error)
            && TryCheckTensor(request, model, expected, limits, out var tensor, out error)
            && (request.RawInputContents.Count > 0
                ? TryReadRaw(request, in tensor, expected, limits, into, out error)
                : TryReadTyped(request.Inputs[0].Contents, in tensor, expected, limits, into, out error));
        if (!read)
        {
            into.Reset();
        }

        return read;
    }

    private static bool TryCheckOutputs(ModelInferRequest request, out string error)
    {
        for (var i = 0; i < request.Outputs.Count; i++)
        {
            if (request.Outputs[i].Name != OipRequestParser.OutputName)
            {
                error = GrpcErrors.UnknownOutput(i, request.Outputs[i].Name);
                return false;
            }
        }

        error = "";
        return true;
    }

    private static bool TryCheckTensor(ModelInferRequest request, ModelVersionId model, InputType expected, ParseLimits limits, out GrpcTensor tensor, out string error)
    {
        tensor = default;
        if (request.Inputs.Count != 1)
        {
            error = OipErrors.InputCount(request.Inputs.Count);
            return false;
        }

        var input = request.Inputs[0];
        if (input.Name.Length == 0)
        {
            error = GrpcErrors.NoName;
            return false;
        }

        if (input.Datatype.Length == 0)
        {
            error = GrpcErrors.NoDatatype(GrpcTensor.Quote(input.Name));
            return false;
        }

        long rows = 0;
        long rowElements = 1;
        for (var i = 0; i < input.Shape.Count; i++)
        {
            var dimension = input.Shape[i];
            if (dimension < 0)
            {
                error = GrpcErrors.BadDimension(GrpcTensor.Quote(input.Name), i, dimension);
                return false;
            }

            if (i == 0)
            {
                rows = dimension;
            }
            else
            {
                // Saturating: a product this large is refused by the input size limit anyway.
                rowElements = dimension != 0 && rowElements > long.MaxValue / dimension ? long.MaxValue : rowElements * dimension;
            }
        }

        tensor = new GrpcTensor(input.Name, ParseDatatype(input.Datatype), input.Datatype, input.Shape, rows, rowElements);
        if (!OipDatatypes.Accepts(expected, tensor.Datatype))
        {
            error = GrpcErrors.WrongDatatype(in tensor, model, expected);
            return false;
        }

        if (input.Shape.Count == 0 || rows == 0)
        {
            error = GrpcErrors.NoRows(in tensor);
            return false;
        }

        if (rows > limits.MaxInputs)
        {
            error = GrpcErrors.TooManyRows(in tensor, limits.MaxInputs);
            return false;
        }

        if (OipDatatypes.IsOneElementPerRow(expected))
        {
            if (rowElements != 1)
            {
                error = GrpcErrors.TextRowNotOneElement(in tensor, model, expected);
                return false;
            }
        }
        else if (rowElements > limits.MaxInputBytes / expected.ElementSize())
        {
            error = GrpcErrors.RowTooLarge(in tensor, expected, limits.MaxInputBytes);
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>The datatype named exactly as the protocol spells it; anything else is unsupported.</summary>
    private static OipDatatype ParseDatatype(string name) => name switch
    {
        OipDatatypes.Fp32Name => OipDatatype.Fp32,
        OipDatatypes.Fp64Name => OipDatatype.Fp64,
        OipDatatypes.Int32Name => OipDatatype.Int32,
        OipDatatypes.Int64Name => OipDatatype.Int64,
        OipDatatypes.BytesName => OipDatatype.Bytes,
        _ => OipDatatype.Unsupported,
    };

    /// <summary>Appends one text or byte-string row, checked against the input size limit (and UTF-8 for strings).</summary>
    private static bool TryAppendElement(ReadOnlySpan<byte> element, in GrpcTensor tensor, InputType expected, long index, ParseLimits limits, ParsedInputs into, out string error)
    {
        if (element.Length > limits.MaxInputBytes)
        {
            error = GrpcErrors.ElementTooLarge(in tensor, index, element.Length, limits.MaxInputBytes);
            return false;
        }

        if (expected == InputType.Strings && !System.Text.Unicode.Utf8.IsValid(element))
        {
            error = GrpcErrors.ElementNotUtf8(in tensor, index);
            return false;
        }

        element.CopyTo(into.GetSpan(element.Length));
        into.Advance(element.Length);
        into.EndInput();
        error = "";
        return true;
    }
}
