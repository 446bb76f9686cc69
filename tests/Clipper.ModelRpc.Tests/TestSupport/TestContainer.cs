using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>A running container under test; disposing stops it and removes its ready file.</summary>
public sealed class TestContainer<TInput> : IAsyncDisposable
{
    private readonly string _readyDirectory;

    private TestContainer(ModelContainer<TInput> container, ModelContainerOptions options, RecordingLoggerFactory logs, string readyDirectory)
    {
        Container = container;
        Options = options;
        Logs = logs;
        _readyDirectory = readyDirectory;
        Run = container.RunAsync();
    }

    public ModelContainer<TInput> Container { get; }

    public ModelContainerOptions Options { get; }

    public RecordingLoggerFactory Logs { get; }

    public Task Run { get; }

    public string ReadyFilePath => Options.ReadyFilePath!;

    /// <summary>Options for a container that reaches the fake frontend quickly; tests adjust what they need.</summary>
    public static ModelContainerOptions CreateOptions(int port, InputType inputType) => new()
    {
        ModelName = "test-model",
        ModelVersion = "v1",
        InputType = inputType,
        FrontendHost = "127.0.0.1",
        FrontendPort = port,
        ContainerId = "test-container-" + Guid.NewGuid().ToString("N"),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(10),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        HeartbeatInterval = TimeSpan.FromSeconds(5),
        DrainTimeout = TimeSpan.FromSeconds(30),
    };

    public static TestContainer<TInput> Start(
        ModelContainerOptions options,
        Func<IReadOnlyList<TInput>, CancellationToken, ValueTask<IReadOnlyList<string>>> predict)
    {
        var logs = new RecordingLoggerFactory();
        string directory = Path.Combine(Path.GetTempPath(), "clipper-modelrpc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        options.LoggerFactory = logs;
        options.ReadyFilePath ??= Path.Combine(directory, "model_is_ready.check");
        return new TestContainer<TInput>(new ModelContainer<TInput>(options, predict), options, logs, directory);
    }

    /// <summary>A container serving a model that can fail single inputs (<see cref="IResultPredictor{TInput}"/>).</summary>
    public static TestContainer<TInput> Start(ModelContainerOptions options, IResultPredictor<TInput> predictor)
    {
        var logs = new RecordingLoggerFactory();
        string directory = Path.Combine(Path.GetTempPath(), "clipper-modelrpc-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        options.LoggerFactory = logs;
        options.ReadyFilePath ??= Path.Combine(directory, "model_is_ready.check");
        return new TestContainer<TInput>(new ModelContainer<TInput>(options, predictor), options, logs, directory);
    }

    public static TestContainer<TInput> Start(int port, InputType inputType, Func<IReadOnlyList<TInput>, IReadOnlyList<string>> predict) =>
        Start(CreateOptions(port, inputType), (inputs, _) => ValueTask.FromResult(predict(inputs)));

    public async ValueTask DisposeAsync()
    {
        await Container.DisposeAsync().AsTask().WaitAsync(FakeFrontend.Timeout);
        await Run.WaitAsync(FakeFrontend.Timeout);
        Directory.Delete(_readyDirectory, recursive: true);
    }
}
