using System.Diagnostics;
using System.Globalization;
using Clipper.ModelRpc.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Clipper.OnnxLoop;

/// <summary>
/// The physical limit of an ONNX model on this machine: ONNX Runtime called in this process in a loop, one batch after
/// another, for each batch size, in its best of three settings (its defaults: a thread per physical core that spins
/// between runs; the same threads without spinning, as the container runs; one thread), in rows per second; and the
/// same through Clipper's predictor as the container runs it (no spinning; it also copies each row in and writes each
/// row's JSON output). Prints one JSON line per batch size and a last line with the best.
///
///   clipper-onnx-loop MODEL.onnx [--batch-sizes 1,8,32,...] [--duration 5s] [--threads 0]
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            await Console.Error.WriteLineAsync("usage: clipper-onnx-loop MODEL.onnx [--batch-sizes 1,8,32] [--duration 5] [--threads 0]").ConfigureAwait(false);
            return 2;
        }

        int[] sizes = [1, 8, 32, 64, 128, 256];
        double seconds = 3;
        int threads = 0;
        for (int i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--batch-sizes": sizes = [.. args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--duration": seconds = double.Parse(args[i + 1].TrimEnd('s'), CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: await Console.Error.WriteLineAsync($"unknown option {args[i]}; expected --batch-sizes, --duration or --threads").ConfigureAwait(false); return 2;
            }
        }

        using var model = OnnxModel.Load(args[0], new OnnxModelOptions { IntraOpThreads = threads });
        int rowLength = model.Input.RowLength;
        var random = new Random(1);
        double bestRaw = 0, bestPredictor = 0;
        int bestSize = 0;
        foreach (int size in sizes)
        {
            float[][] rows = [.. Enumerable.Range(0, size).Select(_ => Enumerable.Range(0, rowLength).Select(_ => (float)random.NextDouble()).ToArray())];
            double raw = Math.Max(Raw(args[0], rows, threads, true, seconds), Math.Max(Raw(args[0], rows, threads, false, seconds), Raw(args[0], rows, 1, false, seconds)));
            double predictor = await PredictorAsync(model, rows, seconds).ConfigureAwait(false);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"batch_size\": {size}, \"ort_rows_per_s\": {raw:F0}, \"predictor_rows_per_s\": {predictor:F0}}}"));
            if (raw > bestRaw)
            {
                (bestRaw, bestPredictor, bestSize) = (raw, predictor, size);
            }
        }

        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"best_batch_size\": {bestSize}, \"ort_rows_per_s\": {bestRaw:F0}, \"predictor_rows_per_s\": {bestPredictor:F0}, \"provider\": \"{model.ExecutionProvider}\"}}"));
        return 0;
    }

    /// <summary>ONNX Runtime alone: the input tensor over a reused buffer, Run, the output read.</summary>
    private static double Raw(string path, float[][] rows, int threads, bool spinning, double seconds)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        using var session = new InferenceSession(path, options);
        using var runOptions = new RunOptions();
        float[] flat = [.. rows.SelectMany(r => r)];
        long[] shape = [rows.Length, rows[0].Length];
        string[] inputs = [session.InputNames[0]];
        string[] outputs = [.. session.OutputNames];
        float sink = 0;
        long done = 0;
        var clock = Stopwatch.StartNew();
        var warmup = TimeSpan.FromSeconds(1);
        TimeSpan start = TimeSpan.Zero;
        while (clock.Elapsed.TotalSeconds < seconds + warmup.TotalSeconds)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(flat, shape);
            using var result = session.Run(runOptions, inputs, [input], outputs);
            sink += result[0].GetTensorDataAsSpan<float>()[0];
            if (clock.Elapsed < warmup)
            {
                start = clock.Elapsed;
                continue;
            }

            done += rows.Length;
        }

        GC.KeepAlive(sink);
        return done / (clock.Elapsed - start).TotalSeconds;
    }

    /// <summary>Clipper's predictor in process: the same runs, plus copying the rows and writing each row's JSON output.</summary>
    private static async Task<double> PredictorAsync(OnnxModel model, float[][] rows, double seconds)
    {
        var predictor = model.CreatePredictor<float[]>();
        long done = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan start = TimeSpan.Zero;
        while (clock.Elapsed.TotalSeconds < seconds + 1)
        {
            var results = await predictor.PredictAsync(rows, CancellationToken.None).ConfigureAwait(false);
            if (clock.Elapsed.TotalSeconds < 1)
            {
                start = clock.Elapsed;
                continue;
            }

            done += results.Count;
        }

        return done / (clock.Elapsed - start).TotalSeconds;
    }
}
