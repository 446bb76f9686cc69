using System.CommandLine;
using Clipper.Cli.Commands;
using Clipper.ContainerManagers;

namespace Clipper.Cli.Cluster;

/// <summary>Verbs on models: deploy, set-version, scale, models, replicas.</summary>
internal static class ModelCommands
{
    private static readonly string[] s_examples = ["noop", "echo", "sum", "sleep", "fail", "crash"];

    public static IEnumerable<Command> Create(ClusterOptions cluster)
    {
        yield return Deploy(cluster);
        yield return SetVersion(cluster);
        yield return Scale(cluster);
        yield return Models(cluster);
        yield return Replicas(cluster);
    }

    /// <summary>What a replica of an example model runs: this command line's <c>example-model KIND</c>.</summary>
    public static ModelArtifact ExampleArtifact(string kind)
    {
        if (Array.IndexOf(s_examples, kind) < 0)
        {
            throw new ArgumentException($"Unknown example '{kind}': expected one of {string.Join(", ", s_examples)}.");
        }

        return ModelArtifact.OfClipper("example-model", kind);
    }

    private static Command Deploy(ClusterOptions cluster)
    {
        var name = new Argument<string>("NAME") { Description = "The model's name." };
        var version = new Option<string>("--version") { Description = "The version to deploy.", Required = true };
        var inputType = new Option<string?>("--input-type") { Description = "integers, floats, doubles, bytes or strings (with --onnx: default from the input tensor's element type)." };
        var project = new Option<string?>("--project") { Description = "A .NET project (or published folder) that uses ModelRpc." };
        var example = new Option<string?>("--example") { Description = "A built-in example instead: " + string.Join(", ", s_examples) + "." };
        var image = new Option<string?>("--image") { Description = "Docker and Kubernetes: an image built earlier (whose program reads the CLIPPER_* variables) instead." };
        var onnx = OnnxDeploy.CreateOption();
        var python = new Option<string?>("--python") { Description = "A folder with a Python model: --entry's module, its files and an optional requirements-debian.txt naming the Debian packages it needs." };
        var entry = new Option<string?>("--entry") { Description = "With --python: the predict function as MODULE:FUNCTION, e.g. model:predict." };
        var replicas = new Option<int>("--replicas") { Description = "Replicas to run.", DefaultValueFactory = _ => 1 };
        var batchSize = new Option<int>("--batch-size") { Description = "Fixed batch size, or -1 for adaptive batching.", DefaultValueFactory = _ => -1 };
        var cacheBytes = new Option<long?>("--cache-bytes") { Description = "The bound of each query frontend's prediction cache for this version, in bytes: 0 (none, for models whose answers are not a function of their input) to 17179869184 (16 GiB); default 33554432 (32 MiB)." };
        var deployTimeout = new Option<int>("--deploy-timeout") { Description = "Seconds to wait for the replicas to connect before failing (what keeps them from it is printed).", DefaultValueFactory = _ => 120 };
        var gpus = new Option<int>("--gpus") { Description = "GPUs per replica: Docker device requests, the Kubernetes nvidia.com/gpu limit, or local devices in CUDA_VISIBLE_DEVICES.", DefaultValueFactory = _ => 0 };
        var command = cluster.AddTo(new Command("deploy", "Build (for --project and --python), register and start a model version; waits until its replicas serve.")
        {
            name, version, inputType, project, example, image, onnx, python, entry, replicas, batchSize, cacheBytes, gpus, deployTimeout,
        });
        command.Validators.Add(r =>
        {
            var given = (r.GetValue(project) is null ? 0 : 1) + (r.GetValue(example) is null ? 0 : 1) + (r.GetValue(image) is null ? 0 : 1)
                + (r.GetValue(onnx) is null ? 0 : 1) + (r.GetValue(python) is null ? 0 : 1);
            if (given != 1)
            {
                r.AddError("give exactly one of --project PATH, --example KIND, --image IMAGE, --onnx FILE and --python DIR");
            }
            else if (r.GetValue(inputType) is null && r.GetValue(onnx) is null)
            {
                r.AddError("--input-type is required (integers, floats, doubles, bytes or strings); only --onnx takes it from the model");
            }

            if ((r.GetValue(python) is null) != (r.GetValue(entry) is null))
            {
                r.AddError("--python DIR and --entry MODULE:FUNCTION go together: --entry names the predict function in the folder");
            }

            // Checked only when given: a command's validator does not see an option's default value (it reads 0).
            if (r.GetResult(deployTimeout) is not null && r.GetValue(deployTimeout) < 1)
            {
                r.AddError($"--deploy-timeout must be at least 1 (seconds), got {r.GetValue(deployTimeout)}");
            }

            if (r.GetValue(cacheBytes) is < 0 or > Clipper.Configuration.ModelVersionRecord.MaxCacheBytes)
            {
                r.AddError($"--cache-bytes must be 0 (no prediction cache) to {Clipper.Configuration.ModelVersionRecord.MaxCacheBytes} (16 GiB), got {r.GetValue(cacheBytes)}");
            }

            if (r.GetValue(gpus) < 0)
            {
                r.AddError($"--gpus must be 0 or more, got {r.GetValue(gpus)}");
            }
        });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            if (result.GetValue(image) is not null && result.GetValue(cluster.Manager) == "local")
            {
                throw new ArgumentException("--image needs --manager docker or kubernetes: a local cluster runs programs, not images.");
            }

            using var connection = await cluster.ConnectAsync(result, cancellation, TimeSpan.FromSeconds(result.GetValue(deployTimeout))).ConfigureAwait(false);
            var model = result.GetValue(name)!;
            var modelVersion = result.GetValue(version)!;
            if (result.GetValue(onnx) is { } onnxFile)
            {
                return await OnnxDeploy.RunAsync(connection, model, modelVersion, onnxFile, result.GetValue(inputType), result.GetValue(replicas), result.GetValue(batchSize), result.GetValue(gpus), result.GetValue(cacheBytes), cancellation).ConfigureAwait(false);
            }

            var artifact = result.GetValue(example) is { } kind
                ? ExampleArtifact(kind)
                : result.GetValue(image) is { } prebuilt
                    ? new ModelArtifact([], Image: prebuilt)
                    : result.GetValue(python) is { } folder
                        ? await connection.BuildPythonModelAsync(model, modelVersion, folder, result.GetValue(entry)!, cancellation).ConfigureAwait(false)
                        : await connection.BuildModelAsync(model, modelVersion, result.GetValue(project)!, cancellation).ConfigureAwait(false);
            await connection.DeployModelAsync(model, modelVersion, result.GetValue(inputType)!, artifact, result.GetValue(replicas), result.GetValue(batchSize), gpus: result.GetValue(gpus), cacheBytes: result.GetValue(cacheBytes), cancellationToken: cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"deployed {model}:{modelVersion} with {result.GetValue(replicas)} replica(s), all connected");
            return 0;
        }));
        return command;
    }

    private static Command SetVersion(ClusterOptions cluster)
    {
        var model = new Argument<string>("MODEL") { Description = "The model." };
        var version = new Argument<string>("VERSION") { Description = "The version that answers from now on." };
        var command = cluster.AddTo(new Command("set-version", "Make a version the model's current one (roll back or forward).") { model, version });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            await connection.SetModelVersionAsync(result.GetValue(model)!, result.GetValue(version)!, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"{result.GetValue(model)} now answers with version {result.GetValue(version)}");
            return 0;
        }));
        return command;
    }

    private static Command Scale(ClusterOptions cluster)
    {
        var model = new Argument<string>("MODEL") { Description = "The model." };
        var count = new Argument<int>("N") { Description = "Replicas to run." };
        var version = new Option<string?>("--version") { Description = "The version (default: the current one)." };
        var command = cluster.AddTo(new Command("scale", "Run N replicas of a model version; waits until they serve.") { model, count, version });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            await connection.SetNumReplicasAsync(result.GetValue(model)!, result.GetValue(count), result.GetValue(version), cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"{result.GetValue(model)} runs {result.GetValue(count)} replica(s)");
            return 0;
        }));
        return command;
    }

    private static Command Models(ClusterOptions cluster)
    {
        var output = OutputOption.Create();
        var command = cluster.AddTo(new Command("models", "List the model versions.") { output });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var models = await connection.GetAllModelsAsync(verbose: true, cancellation).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                ClusterPrinter.Json(models);
                return 0;
            }

            Console.Out.WriteLine($"{"MODEL",-24} {"VERSION",-10} {"INPUT",-8} {"BATCH",6} CURRENT");
            foreach (var m in models.EnumerateArray())
            {
                Console.Out.WriteLine($"{m.GetProperty("model_name").GetString(),-24} {m.GetProperty("model_version").GetString(),-10} {m.GetProperty("input_type").GetString(),-8} {m.GetProperty("batch_size").GetInt32(),6} {(m.GetProperty("is_current_version").GetBoolean() ? "yes" : "")}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Replicas(ClusterOptions cluster)
    {
        var output = OutputOption.Create();
        var command = cluster.AddTo(new Command(
            "replicas",
            "List the replicas (model containers) connected to query frontends, each with the frontends it is connected to; "
            + "--output json gives, per container, each connection's frontend, replica id, address and time.")
        {
            output,
        });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var replicas = ReplicaGroups.Group(await connection.GetAllModelReplicasAsync(verbose: true, cancellation).ConfigureAwait(false));
            if (result.GetValue(output) == "json")
            {
                ClusterPrinter.Json(replicas);
                return 0;
            }

            Console.Out.WriteLine($"{"MODEL",-24} {"VERSION",-10} {"CONTAINER",-40} {"PROTOCOL",-12} FRONTENDS");
            foreach (var r in replicas)
            {
                Console.Out.WriteLine($"{r.ModelName,-24} {r.ModelVersion,-10} {r.ContainerId,-40} {r.Protocol,-12} {string.Join(", ", r.Frontends.Select(f => f.FrontendId))}");
            }

            return 0;
        }));
        return command;
    }
}
