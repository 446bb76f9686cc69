using System.CommandLine;
using Clipper.Cli.Telemetry;
using Clipper.ModelRpc.Onnx;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Clipper.ModelRpc.Tracing;
using Microsoft.Extensions.Logging;

namespace Clipper.Cli.Commands;

/// <summary>
/// <c>clipper onnx-model --model FILE</c>: the built-in container that serves an ONNX model with ModelRpc and ONNX
/// Runtime (CUDA when the runtime has it, else the CPU). What <c>clipper deploy --onnx</c> runs.
/// </summary>
internal static class OnnxModelCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The .onnx file to serve.", Required = true };
        var name = new Option<string?>("--model-name") { Description = "Model name (overrides CLIPPER_MODEL_NAME)." };
        var version = new Option<string?>("--model-version") { Description = "Model version (overrides CLIPPER_MODEL_VERSION)." };
        var ip = new Option<string?>("--ip") { Description = "Query frontend host (overrides CLIPPER_IP; default localhost)." };
        var port = new Option<int?>("--port") { Description = "Query frontend RPC port (overrides CLIPPER_PORT; default 7000)." };
        var inputType = new Option<string?>("--input-type") { Description = "Input type (overrides CLIPPER_INPUT_TYPE; default from the input tensor): doubles or floats for a float or double input tensor, integers for int32 or int64." };
        var readyFile = new Option<string?>("--ready-file") { Description = "File created while the container is connected and ready (for health checks)." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Most batches predicted at once across all frontends (overrides CLIPPER_CONCURRENCY; default 1)." };
        var threads = new Option<int>("--threads") { Description = "Threads ONNX Runtime uses for one batch; 0 (the default) for one per physical core.", DefaultValueFactory = _ => 0 };
        var cpu = new Option<bool>("--cpu") { Description = "Run on the CPU even when ONNX Runtime has the CUDA execution provider." };
        var verbose = new Option<bool>("--verbose") { Description = "Log everything the container library logs." };
        var logFormat = new LogFormatFlag();
        var command = new Command("onnx-model", "Serve an ONNX model as a model container that connects to a query frontend: each query one row of the model's input tensor. Configured by Clipper's CLIPPER_* environment variables; flags override them.")
        {
            model, name, version, ip, port, inputType, readyFile, concurrency, threads, cpu, verbose,
        };
        logFormat.AddTo(command);
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var format = logFormat.Resolve(result);
            var minimum = result.GetValue(verbose) ? LogLevel.Trace : LogLevel.Information;
            using var logging = LoggerFactory.Create(builder => LogFormatFlag.AddConsole(builder.SetMinimumLevel(minimum), format, static text => text.AddSimpleConsole(console => console.SingleLine = true)));
            OnnxModel onnx;
            try
            {
                // The model first: a file that cannot be served says so whatever the environment.
                onnx = OnnxModel.Load(result.GetValue(model)!, new OnnxModelOptions { PreferCuda = !result.GetValue(cpu), IntraOpThreads = result.GetValue(threads), LoggerFactory = logging });
            }
            catch (OnnxModelException ex)
            {
                await Console.Error.WriteLineAsync("clipper: " + ex.Message).ConfigureAwait(false);
                return 1;
            }

            using (onnx)
            {
                // The flags stand in for the variables they override, so a container started by hand needs none.
                var environment = Environment.GetEnvironmentVariables();
                environment[ClipperEnvironment.ModelName] = result.GetValue(name) ?? environment[ClipperEnvironment.ModelName];
                environment[ClipperEnvironment.ModelVersion] = result.GetValue(version) ?? environment[ClipperEnvironment.ModelVersion];
                var options = ModelContainerOptions.FromEnvironment(environment);
                options.FrontendHost = result.GetValue(ip) ?? options.FrontendHost;
                options.FrontendPort = result.GetValue(port) ?? options.FrontendPort;
                if (result.GetValue(inputType) is { } typeName)
                {
                    options.InputType = InputTypes.TryParse(typeName, out var parsed)
                        ? parsed
                        : throw new ArgumentException($"--input-type '{typeName}' is unknown; expected one of {InputTypes.AcceptedNames}.");
                }
                else if (Environment.GetEnvironmentVariable(ClipperEnvironment.InputType) is null)
                {
                    options.InputType = onnx.Input.DefaultInputType;
                }

                options.ReadyFilePath = result.GetValue(readyFile) ?? options.ReadyFilePath;
                options.Concurrency = result.GetValue(concurrency) ?? options.Concurrency;
                options.LoggerFactory = logging;
                using var tracing = OtelTracing.Start("clipper-model-" + options.ModelName, aspNetCore: false, ModelRpcTracing.ActivitySourceName);
                try
                {
                    await onnx.RunContainerAsync(options, cancellation).ConfigureAwait(false);
                }
                catch (OnnxModelException ex)
                {
                    await Console.Error.WriteLineAsync("clipper: " + ex.Message).ConfigureAwait(false);
                    return 1;
                }
            }

            return 0;
        }));
        return command;
    }
}
