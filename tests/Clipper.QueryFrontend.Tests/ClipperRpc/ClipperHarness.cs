using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.ClipperRpc;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Metrics;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Rpc;
using Clipper.QueryFrontend.Tests.Routing;
using Clipper.QueryFrontend.Tests.Rpc;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.ClipperRpc;

/// <summary>
/// The RPC port's handler with both protocols (ours and Clipper's, told apart by the first byte), driven over
/// in-memory pipes by <see cref="FakeClipperContainer"/>s, a registered model version <c>m:1</c> of doubles, and a
/// fake clock.
/// </summary>
internal sealed class ClipperHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly RpcConnectionHandler _handler;
    private readonly DeadlineTimer<Query> _deadlines;
    private readonly Lifetime _lifetime = new();
    private readonly ServiceProvider _services;
    private readonly List<Task> _handlers = [];
    private long _nextQueryId;

    public ClipperHarness(int batchSize = -1)
    {
        Options = new QueryFrontendOptions { RedisAddress = "127.0.0.1:1", TimeProvider = Time };
        Options.Validate();
        Registry = new ModelRegistry(Time, Options.Batching);
        Runtime = Registry.GetOrAdd(Model, InputType.Doubles);
        Runtime.Configure(new ModelVersionSettings(InputType.Doubles, batchSize, TimeSpan.FromMilliseconds(50)));
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        Metrics = new FrontendMetrics(meters);
        Refused = new RefusedContainers(meters, Time);
        _deadlines = new DeadlineTimer<Query>(Time, static query => query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed));
        var store = new UnusedConfigurationStore();
        var clipper = new ClipperContainerHandler(Registry, Directory, new ReplicaIdAllocator(store, Options, _lifetime), Options, Metrics, Refused, HttpConnections,
            NullLogger<ClipperContainerHandler>.Instance, _lifetime);
        _handler = new RpcConnectionHandler(Registry, Directory, store, Options, Metrics, HttpConnections, new TestMembership(Options.EffectiveFrontendId),
            NullLogger<RpcConnectionHandler>.Instance, _lifetime, clipper, Refused);
    }

    public static ModelVersionId Model { get; } = new("m", "1");

    public FakeTimeProvider Time { get; } = new();

    public QueryFrontendOptions Options { get; }

    public ModelRegistry Registry { get; }

    public ModelVersionRuntime Runtime { get; }

    public FrontendMetrics Metrics { get; }

    public RefusedContainers Refused { get; }

    public HttpConnectionGauge HttpConnections { get; } = new();

    public RecordingReplicaDirectory Directory { get; } = new();

    /// <summary>Opens a connection; the container's first bytes are the test's.</summary>
    public (FakeClipperContainer Container, Task Handled) Open()
    {
        var (pipe, handled) = OpenPipe();
        return (new FakeClipperContainer(pipe), handled);
    }

    /// <summary>Opens a connection and returns the container's end of it as a pipe, for a peer of either protocol.</summary>
    public (IDuplexPipe Pipe, Task Handled) OpenPipe()
    {
        var toFrontend = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var toContainer = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var context = new DefaultConnectionContext(
            "connection-" + _handlers.Count, new RpcHarness.DuplexPipe(toFrontend.Reader, toContainer.Writer), new RpcHarness.DuplexPipe(toContainer.Reader, toFrontend.Writer));
        var handled = Task.Run(async () =>
        {
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
        return (new RpcHarness.DuplexPipe(toContainer.Reader, toFrontend.Writer), handled);
    }

    /// <summary>Connects a Clipper container of <c>m:1</c> as Clipper's containers do, and waits until it takes batches.</summary>
    public async Task<(FakeClipperContainer Container, Task Handled)> ConnectAsync()
    {
        var before = Runtime.Replicas.Length;
        var (container, handled) = Open();
        await container.HandshakeAsync();
        await container.SendHeartbeatAsync();
        Assert.Equal(1u, await container.ReadHeartbeatReplyAsync());
        await container.SendMetadataAsync();
        await WaitUntilAsync(() => Runtime.Replicas.Length > before, "the Clipper container joined its model version");
        return (container, handled);
    }

    public Query Enqueue(double value, TimeSpan? objective = null)
    {
        var input = BitConverter.GetBytes(value);
        var deadline = Time.GetTimestamp() + (long)((objective ?? TimeSpan.FromSeconds(10)).TotalSeconds * Time.TimestampFrequency);
        var query = new Query(Interlocked.Increment(ref _nextQueryId), input, deadline, "\"default\""u8.ToArray());
        Assert.Equal(EnqueueResult.Accepted, Runtime.Queue.TryEnqueue(query));
        _deadlines.Schedule(query);
        return query;
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, "timed out waiting until " + what);
            await Task.Delay(1);
        }
    }

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

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
