using Microsoft.Extensions.Logging;

namespace Clipper.ModelRpc.Onnx;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "OnnxModelLoaded", Level = LogLevel.Information,
        Message = "ONNX model {Path} loaded; execution provider: {Provider} ({Reason}); {Signature}")]
    public static partial void Loaded(ILogger logger, string path, string provider, string reason, OnnxSignature signature);

    [LoggerMessage(EventId = 2, EventName = "OnnxMapping", Level = LogLevel.Information,
        Message = "each query is one row of {RowLength} values of input {Input} (batch {Batch}); outputs are written as {OutputKind}")]
    public static partial void Mapping(ILogger logger, int rowLength, string input, string batch, OutputKind outputKind);
}
