using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx;

/// <summary>
/// The outputs of one ONNX Runtime run, written row by row as JSON (<see cref="OutputMapping"/>). Each output's
/// shape is read once per run, not per row.
/// </summary>
internal sealed partial class RunOutputs
{
    private readonly OutputMapping _mapping;
    private readonly IReadOnlyList<OrtValue> _values;
    private readonly long[][] _shapes;
    private readonly int[] _rowSizes;
    private readonly Array?[] _numbers;

    private RunOutputs(OutputMapping mapping, IReadOnlyList<OrtValue> values, long[][] shapes, int[] rowSizes)
    {
        _mapping = mapping;
        _values = values;
        _shapes = shapes;
        _rowSizes = rowSizes;

        // Each float or double tensor is read once per run: asking ONNX Runtime for its data on every row costs native
        // calls and a shape object each time.
        _numbers = new Array?[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i].IsTensor)
            {
                _numbers[i] = mapping.Outputs[i].ElementType switch
                {
                    TensorElementType.Float => values[i].GetTensorDataAsSpan<float>().ToArray(),
                    TensorElementType.Double => values[i].GetTensorDataAsSpan<double>().ToArray(),
                    _ => null,
                };
            }
        }
    }

    /// <summary>Reads the outputs' shapes and checks that each holds <paramref name="rows"/> rows.</summary>
    /// <returns>The outputs, or null with <paramref name="error"/> saying which output has how many rows.</returns>
    public static RunOutputs? TryCreate(OutputMapping mapping, IReadOnlyList<OrtValue> values, int rows, out string? error)
    {
        var shapes = new long[values.Count][];
        var rowSizes = new int[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            OrtValue value = values[i];
            long received;
            if (value.IsTensor)
            {
                shapes[i] = value.GetTensorTypeAndShape().Shape;
                received = shapes[i].Length == 0 ? 1 : shapes[i][0];
                long size = 1;
                for (int d = 1; d < shapes[i].Length; d++)
                {
                    size *= shapes[i][d];
                }

                rowSizes[i] = (int)size;
            }
            else
            {
                shapes[i] = [];
                received = value.GetValueCount();
            }

            if (received != rows)
            {
                error = OnnxErrors.OutputRows(mapping.Outputs[i], received, rows);
                return null;
            }
        }

        error = null;
        return new RunOutputs(mapping, values, shapes, rowSizes);
    }

    /// <summary>The JSON output of one row.</summary>
    public string WriteRow(StringBuilder text, int row)
    {
        text.Clear();
        switch (_mapping.Kind)
        {
            case OutputKind.Value:
                WriteValue(text, 0, row);
                break;
            case OutputKind.Classifier:
                text.Append("{\"label\":");
                WriteValue(text, _mapping.LabelIndex, row);
                text.Append(",\"probabilities\":");
                WriteProbabilities(text, _mapping.ProbabilitiesIndex, row);
                text.Append('}');
                break;
            default:
                text.Append('{');
                for (int i = 0; i < _values.Count; i++)
                {
                    JsonText.String(text.Append(i > 0 ? "," : ""), _mapping.Outputs[i].Name);
                    text.Append(':');
                    WriteValue(text, i, row);
                }

                text.Append('}');
                break;
        }

        return text.ToString();
    }

    /// <summary>A row of a tensor (a number, string or nested array), or a row of a sequence of maps (an object).</summary>
    private void WriteValue(StringBuilder text, int output, int row)
    {
        OrtValue value = _values[output];
        if (!value.IsTensor)
        {
            WriteMap(text, value, row);
            return;
        }

        int size = _rowSizes[output];
        int start = row * size;
        switch (_mapping.Outputs[output].ElementType)
        {
            case TensorElementType.Float: WriteNumbers(text, new ReadOnlySpan<float>((float[])_numbers[output]!, start, size), _shapes[output]); break;
            case TensorElementType.Double: WriteNumbers(text, new ReadOnlySpan<double>((double[])_numbers[output]!, start, size), _shapes[output]); break;
            case TensorElementType.Int64: WriteNumbers(text, value.GetTensorDataAsSpan<long>().Slice(start, size), _shapes[output]); break;
            case TensorElementType.Int32: WriteNumbers(text, value.GetTensorDataAsSpan<int>().Slice(start, size), _shapes[output]); break;
            case TensorElementType.Int16: WriteNumbers(text, value.GetTensorDataAsSpan<short>().Slice(start, size), _shapes[output]); break;
            case TensorElementType.Int8: WriteNumbers(text, value.GetTensorDataAsSpan<sbyte>().Slice(start, size), _shapes[output]); break;
            case TensorElementType.UInt8: WriteNumbers(text, value.GetTensorDataAsSpan<byte>().Slice(start, size), _shapes[output]); break;
            case TensorElementType.UInt16: WriteNumbers(text, value.GetTensorDataAsSpan<ushort>().Slice(start, size), _shapes[output]); break;
            case TensorElementType.UInt32: WriteNumbers(text, value.GetTensorDataAsSpan<uint>().Slice(start, size), _shapes[output]); break;
            case TensorElementType.UInt64: WriteNumbers(text, value.GetTensorDataAsSpan<ulong>().Slice(start, size), _shapes[output]); break;
            case TensorElementType.Bool: WriteBooleans(text, value.GetTensorDataAsSpan<bool>().Slice(start, size), _shapes[output]); break;
            default: WriteStrings(text, value, start, size, _shapes[output]); break;
        }
    }
}
