using System.Numerics;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Microsoft.ML.OnnxRuntime;

namespace Clipper.ModelRpc.Onnx;

/// <summary>
/// Predicts a batch with an <see cref="OnnxModel"/>: rows of the right length go into one input tensor (in runs of the
/// model's fixed batch size, the last padded with zeros, when it has one), each other row gets an error; outputs are
/// written per row as JSON. The tensor's buffer is kept for the next batch.
/// </summary>
/// <typeparam name="TValue">The app's input element: float, double or int.</typeparam>
/// <typeparam name="TTensor">The input tensor's element: float, double, int or long.</typeparam>
internal sealed class OnnxPredictor<TValue, TTensor> : IResultPredictor<TValue[]>
    where TValue : unmanaged, INumberBase<TValue>
    where TTensor : unmanaged, INumberBase<TTensor>
{
    private readonly OnnxModel _model;
    private readonly string[] _inputNames;
    private TTensor[]? _spare;

    public OnnxPredictor(OnnxModel model)
    {
        _model = model;
        _inputNames = [model.Input.Tensor.Name];
    }

    public ValueTask<IReadOnlyList<PredictResult>> PredictAsync(IReadOnlyList<TValue[]> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        InputMapping mapping = _model.Input;
        int count = inputs.Count;
        int rowLength = mapping.RowLength;
        var results = new PredictResult[count];
        int valid = 0;
        for (int i = 0; i < count; i++)
        {
            int length = inputs[i]?.Length ?? 0;
            if (length == rowLength)
            {
                valid++;
            }
            else
            {
                results[i] = PredictResult.Error(OnnxErrors.WrongRowLength(length, mapping));
            }
        }

        if (valid == 0)
        {
            return new ValueTask<IReadOnlyList<PredictResult>>(results);
        }

        int runSize = mapping.FixedBatchSize > 0 ? mapping.FixedBatchSize : valid;
        TTensor[] buffer = TakeBuffer(runSize * rowLength);
        var rows = new int[runSize];
        var text = new StringBuilder();
        int next = 0;
        while (next < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int filled = 0;
            for (; next < count && filled < runSize; next++)
            {
                if (!results[next].IsError)
                {
                    Span<TTensor> row = buffer.AsSpan(filled * rowLength, rowLength);
                    TValue[] input = inputs[next];
                    for (int j = 0; j < row.Length; j++)
                    {
                        row[j] = TTensor.CreateTruncating(input[j]);
                    }

                    rows[filled++] = next;
                }
            }

            if (filled > 0)
            {
                // A fixed batch size is the tensor's shape: the last run is padded, and the padding's outputs dropped.
                int runRows = mapping.FixedBatchSize > 0 ? runSize : filled;
                buffer.AsSpan(filled * rowLength, (runRows - filled) * rowLength).Clear();
                Run(buffer, runRows, rows.AsSpan(0, filled), results, text);
            }
        }

        Interlocked.Exchange(ref _spare, buffer);
        return new ValueTask<IReadOnlyList<PredictResult>>(results);
    }

    private void Run(TTensor[] buffer, int runRows, ReadOnlySpan<int> rows, PredictResult[] results, StringBuilder text)
    {
        InputMapping mapping = _model.Input;
        try
        {
            using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, runRows * mapping.RowLength), mapping.ShapeFor(runRows));
            using IDisposableReadOnlyCollection<OrtValue> outputs = _model.Session.Run(_model.RunOptions, _inputNames, [input], _model.Output.Names);
            var written = RunOutputs.TryCreate(_model.Output, outputs, runRows, out string? error);
            for (int r = 0; r < rows.Length; r++)
            {
                results[rows[r]] = written is null ? PredictResult.Error(error!) : PredictResult.Output(written.WriteRow(text, r));
            }
        }
        catch (OnnxRuntimeException ex)
        {
            string error = OnnxErrors.RunFailed(ex);
            foreach (int row in rows)
            {
                results[row] = PredictResult.Error(error);
            }
        }
    }

    /// <summary>The buffer of the previous batch when it is large enough; a concurrent batch (Concurrency above 1) gets its own.</summary>
    private TTensor[] TakeBuffer(int length)
    {
        TTensor[]? spare = Interlocked.Exchange(ref _spare, null);
        return spare is not null && spare.Length >= length ? spare : new TTensor[length];
    }
}
