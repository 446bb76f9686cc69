using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx;

internal sealed partial class RunOutputs
{
    /// <summary>A row of one element is a scalar; a longer one an array nested by the dimensions after the batch's.</summary>
    private static void WriteNumbers<T>(StringBuilder text, ReadOnlySpan<T> row, long[] shape)
        where T : ISpanFormattable
    {
        if (row.Length == 1)
        {
            JsonText.Number(text, row[0]);
            return;
        }

        int index = 0;
        WriteNested(text, row, shape, 1, ref index);
    }

    private static void WriteNested<T>(StringBuilder text, ReadOnlySpan<T> row, long[] shape, int dimension, ref int index)
        where T : ISpanFormattable
    {
        text.Append('[');
        for (long i = 0; i < shape[dimension]; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            if (dimension == shape.Length - 1)
            {
                JsonText.Number(text, row[index++]);
            }
            else
            {
                WriteNested(text, row, shape, dimension + 1, ref index);
            }
        }

        text.Append(']');
    }

    private static void WriteBooleans(StringBuilder text, ReadOnlySpan<bool> row, long[] shape)
    {
        // Rare in served models: written flat, which JSON readers take as well as a nested array.
        if (row.Length == 1 && shape.Length <= 2)
        {
            JsonText.Boolean(text, row[0]);
            return;
        }

        text.Append('[');
        for (int i = 0; i < row.Length; i++)
        {
            JsonText.Boolean(text.Append(i > 0 ? "," : ""), row[i]);
        }

        text.Append(']');
    }

    private static void WriteStrings(StringBuilder text, OrtValue value, int start, int size, long[] shape)
    {
        if (size == 1 && shape.Length <= 2)
        {
            JsonText.String(text, value.GetStringElement(start));
            return;
        }

        text.Append('[');
        for (int i = 0; i < size; i++)
        {
            JsonText.String(text.Append(i > 0 ? "," : ""), value.GetStringElement(start + i));
        }

        text.Append(']');
    }

    /// <summary>A tensor <c>[N,C]</c> of probabilities becomes an object keyed by column index; a sequence of maps, the row's map.</summary>
    private void WriteProbabilities(StringBuilder text, int output, int row)
    {
        OrtValue value = _values[output];
        if (!value.IsTensor)
        {
            WriteMap(text, value, row);
            return;
        }

        int size = _rowSizes[output];
        text.Append('{');
        for (int i = 0; i < size; i++)
        {
            text.Append(i > 0 ? ",\"" : "\"").Append(i).Append("\":");
            if (_numbers[output] is float[] floats)
            {
                JsonText.Number(text, floats[(row * size) + i]);
            }
            else
            {
                JsonText.Number(text, ((double[])_numbers[output]!)[(row * size) + i]);
            }
        }

        text.Append('}');
    }

    /// <summary>Element <paramref name="row"/> of a sequence of maps (string or int64 keys, float or double values) as a JSON object.</summary>
    private static void WriteMap(StringBuilder text, OrtValue sequence, int row)
    {
        OrtAllocator allocator = OrtAllocator.DefaultInstance;
        using OrtValue map = sequence.GetValue(row, allocator);
        using OrtValue keys = map.GetValue(0, allocator);
        using OrtValue values = map.GetValue(1, allocator);
        int count = (int)keys.GetTensorTypeAndShape().ElementCount;
        bool stringKeys = keys.GetTensorTypeAndShape().ElementDataType == TensorElementType.String;
        bool floats = values.GetTensorTypeAndShape().ElementDataType == TensorElementType.Float;
        text.Append('{');
        for (int i = 0; i < count; i++)
        {
            text.Append(i > 0 ? "," : "");
            if (stringKeys)
            {
                JsonText.String(text, keys.GetStringElement(i));
            }
            else
            {
                text.Append('"').Append(keys.GetTensorDataAsSpan<long>()[i]).Append('"');
            }

            text.Append(':');
            if (floats)
            {
                JsonText.Number(text, values.GetTensorDataAsSpan<float>()[i]);
            }
            else
            {
                JsonText.Number(text, values.GetTensorDataAsSpan<double>()[i]);
            }
        }

        text.Append('}');
    }
}
