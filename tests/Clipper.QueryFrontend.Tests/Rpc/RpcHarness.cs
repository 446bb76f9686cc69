using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Rpc;
using Clipper.QueryFrontend.Tests.Routing;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>
/// The frontend's RPC side with nothing real underneath: its connection handler driven over
/// in-memory duplex pipes by <see cref="FakeContainer"/>s, a registered model version <c>m:1</c>,
/// and a fake clock for heartbeats, handshakes and deadlines.
/// </summary>
internal sealed class RpcHarness : IAsyncDisposable
{
    // Generous: the suite runs beside integration tests that start clusters on two cores.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly RpcConnectionHandler _handler;
    private readonly DeadlineTimer<Query> _deadlines;
    private readonly StoppingLifetime _lifetime = new();
    private readonly ServiceProvider _services;
    private readonly List<Task> _handlers = [];
    private long _nextQueryId;

    public RpcHarness(Action<QueryFrontendOptions>? configure = null, int batchSize = 1)
    {
        Options = new QueryFrontendOptions { RedisAddress = "127.0.0.1:1", TimeProvider = Time, HeartbeatInterval = TimeSpan.FromSeconds(1) };
        configure?.Invoke(Options);
        Options.Validate();
        Registry = new ModelRegistry(Time, Options.Batching);
        Runtime = Registry.GetOrAdd(Model, InputType.Doubles);
        Runtime.Configure(new ModelVersionSettings(InputType.Doubles, batchSize, TimeSpan.FromMilliseconds(50)));
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Metrics = new FrontendMetrics(_services.GetRequiredService<IMeterFactory>());
        _deadlines = new DeadlineTimer<Query>(Time, static query => query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed));
        Membership = new TestMembership(Options.EffectiveFrontendId);
        _handler = new RpcConnectionHandler(Registry, Directory, new UnusedConfigurationStore(), Options, Metrics, HttpConnections,
            Membership, NullLogger<RpcConnectionHandler>.Instance, _lifetime);
    }

    public static ModelVersionId Model { get; } = new("m", "1");

    public FakeTimeProvider Time { get; } = new();

    public QueryFrontendOptions Options { get; }

    public ModelRegistry Registry { get; }

    public ModelVersionRuntime Runtime { get; }

    public FrontendMetrics Metrics { get; }

    public HttpConnectionGauge HttpConnections { get; } = new();

    public RecordingReplicaDirectory Directory { get; } = new();

    public TestMembership Membership { get; }

    /// <summary>Opens a connection without a handshake: the container's first bytes are the test's.</summary>
    public Connection Open(System.Net.EndPoint? remote = null)
    {
        var toFrontend = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var toContainer = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var context = new DefaultConnectionContext(
            "connection-" + _handlers.Count, new DuplexPipe(toFrontend.Reader, toContainer.Writer), new DuplexPipe(toContainer.Reader, toFrontend.Writer));
        var closeRequest = new CloseRequest();
        context.Features.Set<IConnectionLifetimeNotificationFeature>(closeRequest);
        context.RemoteEndPoint = remote;
        var handled = Task.Run(async () =>
        {
            // As Kestrel does once a connection handler returns.
            try
            {
                await _handler.OnConnectedAsync(context);
            }
            finally
            {
                await context.Transport.Output.CompleteAsync();
                await context.Transport.Input.CompleteAsync();
            }
        });
        _handlers.Add(handled);
        return new Connection(new FakeContainer(new DuplexPipe(toContainer.Reader, toFrontend.Writer)), handled, closeRequest);
    }

    /// <summary>Connects a container of <c>m:1</c> speaking <paramref name="protocolVersion"/> through the handshake and waits until it takes batches.</summary>
    public async Task<Connection> ConnectAsync(int protocolVersion = ProtocolConstants.Version)
    {
        var before = Runtime.Replicas.Length;
        var connection = Open();
        connection.Container.ProtocolVersion = protocolVersion;
        await connection.Container.SendHelloAsync();
        connection.Welcome = await connection.Container.ReadWelcomeAsync();
        await WaitUntilAsync(() => Runtime.Replicas.Length > before, "the replica joined its model version");
        return connection;
    }

    /// <summary>Queues one query for <c>m:1</c> with <paramref name="value"/> as its input, due after <paramref name="objective"/>.</summary>
    public Query Enqueue(double value, TimeSpan? objective = null, int inputDoubles = 1)
    {
        var input = new byte[8 * inputDoubles];
        BitConverter.TryWriteBytes(input, value);
        var deadline = Time.GetTimestamp() + (long)((objective ?? TimeSpan.FromSeconds(10)).TotalSeconds * Time.TimestampFrequency);
        var query = new Query(Interlocked.Increment(ref _nextQueryId), input, deadline, "\"default\""u8.ToArray());
        Assert.Equal(EnqueueResult.Accepted, Runtime.Queue.TryEnqueue(query));
        _deadlines.Schedule(query);
        return query;
    }

    /// <summary>Moves the fake clock in heartbeat-sized steps, letting timer work run between them.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var step = Options.HeartbeatInterval;
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            Time.Advance(by - moved < step ? by - moved : step);
            await Task.Yield();
        }
    }

    /// <summary>Waits for a condition that other threads make true; fails after <see cref="Timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, "timed out waiting until " + what);
            await Task.Delay(1);
        }
    }

    /// <summary>Signals the frontend's host stopping (ApplicationStopping).</summary>
    public void StopApplication() => _lifetime.StopApplication();

    public async ValueTask DisposeAsync()
    {
        _lifetime.StopApplication();
        foreach (var replica in Runtime.Replicas)
        {
            replica.Stop();
        }

        await Task.WhenAll(_handlers).WaitAsync(Timeout);
        _deadlines.Dispose();
        await _services.DisposeAsync();
    }

    /// <summary>One in-memory RPC connection: the container's end and the frontend's handler.</summary>
    internal sealed class Connection(FakeContainer container, Task handled, CloseRequest closeRequest)
    {
        public FakeContainer Container { get; } = container;

        /// <summary>Completes when the frontend is done with the connection.</summary>
        public Task Handled { get; } = handled;

        /// <summary>The frontend's Welcome, after <see cref="ConnectAsync"/>.</summary>
        public WelcomeMessage? Welcome { get; set; }

        /// <summary>What the server does to every connection when it stops: asks it to close.</summary>
        public void RequestClose() => closeRequest.RequestClose();

        public Task WaitHandledAsync() => Handled.WaitAsync(Timeout);
    }

    internal sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    internal sealed class CloseRequest : IConnectionLifetimeNotificationFeature
    {
        private readonly CancellationTokenSource _requested = new();

        public CloseRequest() => ConnectionClosedRequested = _requested.Token;

        public CancellationToken ConnectionClosedRequested { get; set; }

        public void RequestClose() => _requested.Cancel();
    }

    private sealed class StoppingLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
