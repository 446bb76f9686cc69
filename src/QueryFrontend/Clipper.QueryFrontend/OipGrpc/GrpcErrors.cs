using System.Globalization;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Oip;

namespace Clipper.QueryFrontend.OipGrpc;

/// <summary>
/// The messages of refused gRPC inference requests (INVALID_ARGUMENT), built on the error path only: each says what was
/// wrong, where (which tensor, element or field), the value received and what was expected, in the REST transport's words.
/// </summary>
internal static class GrpcErrors
{
    public static string NoName => "Input tensor inputs[0] has no 'name'; an input tensor needs name, shape, datatype and contents.";

    public static string NoDatatype(string tensor) => $"Input tensor {tensor} has no 'datatype'; expected one of FP32, FP64, INT32, INT64, BYTES.";

    public static string WrongDatatype(in GrpcTensor tensor, ModelVersionId model, InputType expected) =>
        $"Input tensor {tensor.Ref} has datatype {tensor.DatatypeName}; model {model} takes {expected.ToName()} inputs, so it expects {AcceptedFor(expected)}.";

    public static string BadDimension(string tensor, int index, long dimension) =>
        Invariant($"Dimension {index} of the 'shape' of input tensor {tensor} must be a non-negative integer; got {dimension}.");

    public static string NoRows(in GrpcTensor tensor) =>
        $"Input tensor {tensor.Ref} has shape {tensor.Shape}, which has no rows: the first dimension is the batch (one query per row) and must be at least 1.";

    public static string TooManyRows(in GrpcTensor tensor, int max) =>
        Invariant($"Input tensor {tensor.Ref} has shape {tensor.Shape}: more than the {max} rows one request may hold (option MaxInputsPerRequest).");

    public static string TextRowNotOneElement(in GrpcTensor tensor, ModelVersionId model, InputType expected) =>
        $"Input tensor {tensor.Ref} has shape {tensor.Shape}: a row of model {model} ({expected.ToName()} inputs) is one element, so the shape must be [batch] or [batch, 1].";

    public static string RowTooLarge(in GrpcTensor tensor, InputType expected, int maxInputBytes) =>
        Invariant($"Input tensor {tensor.Ref} has shape {tensor.Shape}: a row of {tensor.RowElements} elements is more than the {maxInputBytes} bytes one input may be ({expected.ElementSize()} bytes per element; option MaxInputBytes).");

    public static string ElementCount(in GrpcTensor tensor, string field, long count) =>
        Invariant($"Input tensor {tensor.Ref} has {count} elements in '{field}'; its shape {tensor.Shape} holds {tensor.Elements}.");

    public static string WrongContentsField(in GrpcTensor tensor, string field, string expected) =>
        $"Input tensor {tensor.Ref} has datatype {tensor.DatatypeName}, whose elements go in 'contents.{expected}'; got '{field}'.";

    public static string NoContents(in GrpcTensor tensor, string expected) =>
        $"Input tensor {tensor.Ref} has no contents: send its elements in 'contents.{expected}' or in 'raw_input_contents'.";

    public static string ContentsAndRaw(in GrpcTensor tensor) =>
        $"Input tensor {tensor.Ref} has 'contents' and the request has 'raw_input_contents': the protocol allows one or the other, not both.";

    public static string RawCount(int count) =>
        Invariant($"The request has {count} entries in 'raw_input_contents'; with raw contents it needs exactly one per input tensor, so exactly 1.");

    public static string RawLength(in GrpcTensor tensor, int length, int elementSize) =>
        Invariant($"'raw_input_contents[0]' of input tensor {tensor.Ref} is {length} bytes; its shape {tensor.Shape} of {tensor.DatatypeName} holds {tensor.Elements} elements of {elementSize} bytes, so {tensor.Elements * elementSize} bytes.");

    public static string RawBytesCutOff(in GrpcTensor tensor, long index, int offset, int remaining, long length) =>
        length < 0
            ? Invariant($"'raw_input_contents[0]' of BYTES input tensor {tensor.Ref} ends inside the 4-byte length of element {index} (at byte {offset}, {remaining} bytes left): each element is a 4-byte little-endian length, then that many bytes.")
            : Invariant($"Element {index} of BYTES input tensor {tensor.Ref} in 'raw_input_contents[0]' declares {length} bytes (at byte {offset}) but only {remaining} remain: each element is a 4-byte little-endian length, then that many bytes.");

    public static string RawBytesCount(in GrpcTensor tensor, long count, int trailing) =>
        trailing > 0
            ? Invariant($"'raw_input_contents[0]' of BYTES input tensor {tensor.Ref} has {trailing} bytes after the {tensor.Elements} elements its shape {tensor.Shape} holds.")
            : Invariant($"'raw_input_contents[0]' of BYTES input tensor {tensor.Ref} holds {count} elements; its shape {tensor.Shape} holds {tensor.Elements}.");

    public static string ElementNotInt32(in GrpcTensor tensor, long index, long value) =>
        Invariant($"Element {index} of input tensor {tensor.Ref} ({value}) is not an integer that fits 32 bits, which the model's integers inputs are.");

    public static string ElementNotFinite(in GrpcTensor tensor, long index, double value) =>
        Invariant($"Element {index} of input tensor {tensor.Ref} is {value}; the model takes finite numbers only (as JSON carries them in Clipper's predict).");

    public static string ElementNotUtf8(in GrpcTensor tensor, long index) =>
        Invariant($"Element {index} of input tensor {tensor.Ref} is not valid UTF-8: the model takes strings inputs, so each BYTES element must be UTF-8 text.");

    public static string ElementTooLarge(in GrpcTensor tensor, long index, int bytes, int maxInputBytes) =>
        Invariant($"Element {index} of input tensor {tensor.Ref} is {bytes} bytes, more than the {maxInputBytes} bytes one input may be (option MaxInputBytes).");

    public static string UnknownOutput(int index, string name) => string.IsNullOrEmpty(name)
        ? Invariant($"Requested output outputs[{index}] has no 'name'; the model's one output is '{Oip.OipRequestParser.OutputName}'.")
        : $"Requested output '{name}' is not an output of this model: Clipper models have one output, '{Oip.OipRequestParser.OutputName}'.";

    /// <summary>What an input type accepts; BYTES elements are raw bytes here, unlike JSON's base64.</summary>
    public static string AcceptedFor(InputType inputType) => inputType switch
    {
        InputType.Bytes => "BYTES (each element the input's bytes)",
        InputType.Strings => "BYTES (each element UTF-8 text)",
        _ => OipDatatypes.AcceptedFor(inputType),
    };

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
