using System.Globalization;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Onnx;

/// <summary>
/// Every exception and error message of the ONNX container, built in one place so each says what was wrong, what
/// was found and what was expected.
/// </summary>
internal static class OnnxErrors
{
    private const string OneInput = "expected exactly one input tensor (float, double, int32 or int64) whose first dimension is the batch";

    public static OnnxModelException FileMissing(string path) =>
        new($"ONNX model file '{path}' does not exist; expected the path of a .onnx file.");

    public static OnnxModelException NotAModel(string path, Exception runtimeError) =>
        new($"'{path}' is not a model ONNX Runtime can load: {runtimeError.Message.Trim()} (no input/output signature could be read)", runtimeError);

    public static OnnxModelException Unmappable(string path, string reason, OnnxSignature signature) =>
        new($"ONNX model '{path}' cannot be served: {reason}. Signature found: {signature}.");

    public static OnnxModelException InputTypeNotAccepted(string inputType, InputMapping input) =>
        new($"Input type {inputType} cannot feed the model's input {input.Tensor}; expected {input.AcceptedInputTypes} (doubles and floats feed float and double tensors, integers int32 and int64 ones).");

    public static string InputCount(int count) => string.Create(
        CultureInfo.InvariantCulture,
        $"it has {count} inputs; {OneInput}");

    public static string InputElementType(OnnxValueInfo input) =>
        $"its input {input} is not a float, double, int32 or int64 tensor; {OneInput}";

    public static string InputWithoutBatch(OnnxValueInfo input) =>
        $"its input {input} is a scalar, without a batch dimension; {OneInput}";

    public static string DynamicFeatureDimension(OnnxValueInfo input, int dimension) => string.Create(
        CultureInfo.InvariantCulture,
        $"dimension {dimension} of its input {input} is dynamic; expected every dimension after the batch's to be fixed, so that a query's length is known");

    public static string RowTooLong(OnnxValueInfo input, long rowLength) => string.Create(
        CultureInfo.InvariantCulture,
        $"a row of its input {input} has {rowLength} values; expected at most {Array.MaxLength / 1024}");

    public static string NoOutputs() => "it has no outputs; expected at least one";

    public static string OutputNotWritable(OnnxValueInfo output) =>
        $"its output {output} is neither a tensor with a batch dimension (of numbers, booleans or strings) nor a sequence of maps from string or int64 to float or double (as ZipMap makes)";

    public static string WrongRowLength(int received, InputMapping input) => string.Create(
        CultureInfo.InvariantCulture,
        $"the input has {received} values; expected {input.RowLength} (one row of the model's input {input.Tensor})");

    public static string OutputRows(OnnxValueInfo output, long received, int expected) => string.Create(
        CultureInfo.InvariantCulture,
        $"ONNX model output {output.Name} has {received} rows for {expected} input rows; expected one row per input");

    public static string RunFailed(Exception runtimeError) => $"ONNX Runtime failed to run the model: {runtimeError.Message.Trim()}";
}
