using System.Globalization;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;

namespace Clipper.Cli.Examples;

/// <summary>
/// The example models: ordinary predict functions served by <see cref="ModelContainer"/>, exactly as
/// a user's model would be.
/// </summary>
internal static class ExampleModels
{
    // Predict calls of the sleep model in progress, and the most at once: what the model itself sees
    // of the container's concurrency limit, whichever frontends the batches come from.
    private static int s_running;
    private static int s_peak;

    public static Task RunAsync(ExampleKind kind, ModelContainerOptions options, SleepSettings sleep, CancellationToken cancellationToken)
    {
        if (kind == ExampleKind.Sum && options.InputType is InputType.Bytes or InputType.Strings)
        {
            throw new ArgumentException($"the sum model needs a numeric input type (integers, floats or doubles); got {options.InputType.ToName()}.");
        }

        return options.InputType switch
        {
            InputType.Integers => ModelContainer.RunAsync(options, Predictor<int[]>(kind, sleep, static x => Json(x), static x => Sum(x)), cancellationToken),
            InputType.Floats => ModelContainer.RunAsync(options, Predictor<float[]>(kind, sleep, static x => Json(x), static x => Sum(x)), cancellationToken),
            InputType.Doubles => ModelContainer.RunAsync(options, Predictor<double[]>(kind, sleep, static x => Json(x), static x => Sum(x)), cancellationToken),
            InputType.Bytes => ModelContainer.RunAsync(options, Predictor<byte[]>(kind, sleep, static x => Json(Convert.ToBase64String(x)), null), cancellationToken),
            _ => ModelContainer.RunAsync(options, Predictor<string>(kind, sleep, static x => Json(x), null), cancellationToken),
        };
    }

    private static Func<IReadOnlyList<T>, CancellationToken, ValueTask<IReadOnlyList<string>>> Predictor<T>(
        ExampleKind kind, SleepSettings sleep, Func<T, string> echo, Func<T, string>? sum) => kind switch
    {
        ExampleKind.Noop => static (inputs, _) => ValueTask.FromResult(Constant(inputs.Count)),
        ExampleKind.Echo => (inputs, _) => ValueTask.FromResult(Map(inputs, echo)),
        ExampleKind.Sum => (inputs, _) => ValueTask.FromResult(Map(inputs, sum!)),
        // Holds the worker like a model that computes: one batch at a time, for exactly its cost.
        ExampleKind.Sleep => (inputs, _) =>
        {
            var running = Interlocked.Increment(ref s_running);
            try
            {
                var peak = RaisePeak(running);
                if (sleep.LogBatches)
                {
                    Console.Out.WriteLine($"sleep: holding a batch of {inputs.Count} input(s); running {running}, peak {peak}");
                }

                PreciseSleep.For(sleep.Fixed + (sleep.PerItem * inputs.Count));
                return ValueTask.FromResult(Constant(inputs.Count));
            }
            finally
            {
                Interlocked.Decrement(ref s_running);
            }
        },
        _ => static (_, _) => throw new InvalidOperationException("example failure: the fail model rejects every batch"),
    };

    private static int RaisePeak(int running)
    {
        var peak = Volatile.Read(ref s_peak);
        while (running > peak)
        {
            var seen = Interlocked.CompareExchange(ref s_peak, running, peak);
            if (seen == peak)
            {
                return running;
            }

            peak = seen;
        }

        return peak;
    }

    private static IReadOnlyList<string> Constant(int count)
    {
        var outputs = new string[count];
        Array.Fill(outputs, "1.0");
        return outputs;
    }

    private static IReadOnlyList<string> Map<T>(IReadOnlyList<T> inputs, Func<T, string> map)
    {
        var outputs = new string[inputs.Count];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = map(inputs[i]);
        }

        return outputs;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static string Sum(int[] values)
    {
        long total = 0;
        foreach (var value in values)
        {
            total += value;
        }

        return total.ToString(CultureInfo.InvariantCulture);
    }

    private static string Sum(float[] values)
    {
        double total = 0;
        foreach (var value in values)
        {
            total += value;
        }

        return total.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string Sum(double[] values)
    {
        double total = 0;
        foreach (var value in values)
        {
            total += value;
        }

        return total.ToString("R", CultureInfo.InvariantCulture);
    }
}
