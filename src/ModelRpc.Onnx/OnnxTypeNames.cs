using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx;

/// <summary>ONNX's names of tensor element types, as its documentation and <c>onnx.helper</c> print them.</summary>
internal static class OnnxTypeNames
{
    public static string Of(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float",
        TensorElementType.Double => "double",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int16 => "int16",
        TensorElementType.Int8 => "int8",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.UInt32 => "uint32",
        TensorElementType.UInt64 => "uint64",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>True for the element types an output may have to be written as JSON numbers, booleans or strings.</summary>
    public static bool IsWritable(TensorElementType type) => type is TensorElementType.Float or TensorElementType.Double
        or TensorElementType.Int32 or TensorElementType.Int64 or TensorElementType.Int16 or TensorElementType.Int8
        or TensorElementType.UInt8 or TensorElementType.UInt16 or TensorElementType.UInt32 or TensorElementType.UInt64
        or TensorElementType.Bool or TensorElementType.String;
}
