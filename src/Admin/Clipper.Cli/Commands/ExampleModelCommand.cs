using System.CommandLine;
using Clipper.Cli.Examples;
using Clipper.Cli.Telemetry;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Clipper.ModelRpc.Tracing;
using Microsoft.Extensions.Logging;

namespace Clipper.Cli.Commands;

/// <summary><c>clipper example-model KIND</c>: a model container built on ModelRpc exactly as a user's model is.</summary>
internal static class ExampleModelCommand
{
    public static Command Create()
    {
        var kind = new Argument<ExampleKind>("kind")
        {
            Description = "noop (answers \"1.0\"), echo (answers its input as JSON), sum (the sum of a numeric input), "
                + "sleep (holds its worker for --sleep-ms plus --sleep-per-item-us per input, one batch at a time, then answers \"1.0\"), fail (throws, to show model errors), crash (exits with code 3 at start, to show a failed deploy).",
        };
        var name = new Option<string?>("--model-name") { Description = "Model name (overrides CLIPPER_MODEL_NAME)." };
        var version = new Option<string?>("--model-version") { Description = "Model version (overrides CLIPPER_MODEL_VERSION)." };
        var ip = new Option<string?>("--ip") { Description = "Query frontend host (overrides CLIPPER_IP; default localhost)." };
        var port = new Option<int?>("--port") { Description = "Query frontend RPC port (overrides CLIPPER_PORT; default 7000)." };
        var inputType = new Option<string?>("--input-type") { Description = "Input type (overrides CLIPPER_INPUT_TYPE): " + InputTypes.AcceptedNames };
        var readyFile = new Option<string?>("--ready-file") { Description = "File created while the container is connected and ready (for health checks)." };
        var sleepMs = new Option<double>("--sleep-ms") { Description = "sleep: fixed milliseconds per batch.", DefaultValueFactory = _ => 1 };
        var sleepPerItem = new Option<double>("--sleep-per-item-us") { Description = "sleep: extra microseconds per input.", DefaultValueFactory = _ => 10 };
        var logBatches = new Option<bool>("--log-batches") { Description = "sleep: print a line as each batch starts, with the predict calls running and the most ever at once (for demos and tests; a line per batch)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log everything the container library logs, down to each grant of capacity (a line per batch and more)." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Most batches predicted at once across all frontends (overrides CLIPPER_CONCURRENCY; default 1)." };
        var logFormat = new LogFormatFlag();
        var command = new Command("example-model", "Run an example model container that connects to a query frontend. Configured by Clipper's CLIPPER_* environment variables; flags override them.")
        {
            kind, name, version, ip, port, inputType, readyFile, sleepMs, sleepPerItem, logBatches, concurrency, verbose,
        };
        logFormat.AddTo(command);
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var format = logFormat.Resolve(result);
            var options = ModelContainerOptions.FromEnvironment();
            options.ModelName = result.GetValue(name) ?? options.ModelName;
            options.ModelVersion = result.GetValue(version) ?? options.ModelVersion;
            options.FrontendHost = result.GetValue(ip) ?? options.FrontendHost;
            options.FrontendPort = result.GetValue(port) ?? options.FrontendPort;
            if (result.GetValue(inputType) is { } typeName)
            {
                options.InputType = InputTypes.TryParse(typeName, out var parsed)
                    ? parsed
                    : throw new ArgumentException($"--input-type '{typeName}' is unknown; expected one of {InputTypes.AcceptedNames}.");
            }

            options.ReadyFilePath = result.GetValue(readyFile) ?? options.ReadyFilePath;
            options.Concurrency = result.GetValue(concurrency) ?? options.Concurrency;
            var minimum = result.GetValue(verbose) ? LogLevel.Trace : LogLevel.Information;
            using var logging = LoggerFactory.Create(builder => LogFormatFlag.AddConsole(builder.SetMinimumLevel(minimum), format, static text => text.AddSimpleConsole(console => console.SingleLine = true)));
            options.LoggerFactory = logging;
            if (result.GetValue(kind) == ExampleKind.Crash)
            {
                await Console.Error.WriteLineAsync($"crash example {options.ModelName}:{options.ModelVersion}: cannot load the model's weights; exiting with code 3 (on purpose)").ConfigureAwait(false);
                return 3;
            }

            using var tracing = OtelTracing.Start("clipper-model-" + options.ModelName, aspNetCore: false, ModelRpcTracing.ActivitySourceName);
            var sleep = new SleepSettings(TimeSpan.FromMilliseconds(result.GetValue(sleepMs)), TimeSpan.FromMicroseconds(result.GetValue(sleepPerItem)), result.GetValue(logBatches));
            await ExampleModels.RunAsync(result.GetValue(kind), options, sleep, cancellation).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
