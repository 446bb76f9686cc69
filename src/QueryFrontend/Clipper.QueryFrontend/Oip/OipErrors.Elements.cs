using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Oip;

/// <content>Refusals of a tensor's datatype, shape against the model, and single elements.</content>
internal static partial class OipErrors
{
    public static string WrongDatatype(ReadOnlySpan<byte> body, in TensorHeader tensor, ModelVersionId model, InputType expected) =>
        $"Input tensor {TensorRef(body, tensor)} has datatype {Decode(body.Slice(tensor.DatatypeStart, tensor.DatatypeLength))}; model {model} takes {expected.ToName()} inputs, so it expects {OipDatatypes.AcceptedFor(expected)}.";

    public static string TextRowNotOneElement(ReadOnlySpan<byte> body, in TensorHeader tensor, ModelVersionId model, InputType expected) =>
        $"Input tensor {TensorRef(body, tensor)} has shape {Shape(body, tensor)}: a row of model {model} ({expected.ToName()} inputs) is one element, so the shape must be [batch] or [batch, 1].";

    public static string RowTooLarge(ReadOnlySpan<byte> body, in TensorHeader tensor, InputType expected, int maxInputBytes) =>
        Invariant($"Input tensor {TensorRef(body, tensor)} has shape {Shape(body, tensor)}: a row of {tensor.RowElements} elements is more than the {maxInputBytes} bytes one input may be ({expected.ElementSize()} bytes per element; option MaxInputBytes).");

    public static string ElementNotNumber(ReadOnlySpan<byte> body, in TensorHeader tensor, long index, JsonTokenType token) =>
        Invariant($"Element {index} of input tensor {TensorRef(body, tensor)} is {Describe(token)}; datatype {OipDatatypes.Name(tensor.Datatype)} needs numbers.");

    public static string ElementNotInt32(ReadOnlySpan<byte> body, in TensorHeader tensor, long index, ref Utf8JsonReader reader) =>
        Invariant($"Element {index} of input tensor {TensorRef(body, tensor)} ({TokenText(ref reader)}) is not an integer that fits 32 bits, which the model's integers inputs are.");

    public static string ElementOutOfRange(ReadOnlySpan<byte> body, in TensorHeader tensor, long index, ref Utf8JsonReader reader) =>
        Invariant($"Element {index} of input tensor {TensorRef(body, tensor)} ({TokenText(ref reader)}) is out of the range of {OipDatatypes.Name(tensor.Datatype)}.");

    public static string ElementNotString(ReadOnlySpan<byte> body, in TensorHeader tensor, long index, JsonTokenType token) =>
        Invariant($"Element {index} of input tensor {TensorRef(body, tensor)} is {Describe(token)}; datatype BYTES needs a string per element.");

    public static string ElementNotUtf8(ReadOnlySpan<byte> body, in TensorHeader tensor, long index) =>
        Invariant($"Element {index} of input tensor {TensorRef(body, tensor)} is not valid UTF-8 (or escapes half a surrogate pair).");

    public static string ElementNotBase64(ReadOnlySpan<byte> body, in TensorHeader tensor, long index) =>
        Invariant($"Element {index} of input tensor {TensorRef(body, tensor)} is not valid base64: the model takes bytes inputs, which JSON carries as base64 strings (as in Clipper's predict).");

    public static string ElementTooLarge(ReadOnlySpan<byte> body, in TensorHeader tensor, long index, int bytes, int maxInputBytes) =>
        Invariant($"Element {index} of input tensor {TensorRef(body, tensor)} is {bytes} bytes, more than the {maxInputBytes} bytes one input may be (option MaxInputBytes).");
}
