using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend;
using Clipper.QueryFrontend.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.Benchmarks.Path;

/// <summary>
/// The query frontend's whole in-process path, one request per operation: a raw HTTP/1.1 client POSTs a prediction
/// over a kept-alive loopback connection, the real frontend (its real host and Kestrel, its routing snapshot from a
/// real Redis) parses it, queues its query, writes the batch frame to a replica on its RPC port, reads the answer and
/// writes the HTTP response. The client and the replica are raw sockets that allocate nothing, so the allocated
/// column is the frontend's (and Kestrel's) alone: BenchmarkDotNet counts every thread's allocations
/// (<c>GC.GetTotalAllocatedBytes(precise: true)</c> on .NET). The baseline is the same client against bare Kestrel
/// answering a constant in the same process: Kestrel's own share of each figure.
/// </summary>
public class FrontendPathBenchmarks
{
    private const string App = "bench";
    private const string Model = "noop";
    private const string Version = "1";
    private const string Body = """{"input": [1.0, 2.0, 3.0, 4.0]}""";
    private static readonly TimeSpan s_setupTimeout = TimeSpan.FromSeconds(60);

    private BenchRedis? _redis;
    private QueryFrontendServer? _frontend;
    private RawReplica? _replica;
    private KestrelBaseline? _kestrel;
    private RawHttpClient? _client;

    /// <summary>Starts Redis, the frontend with its configuration and the replica, and waits for a model's answer.</summary>
    [GlobalSetup(Target = nameof(Frontend))]
    public void SetupFrontend() => SetupFrontendAsync().GetAwaiter().GetResult();

    /// <summary>Starts bare Kestrel.</summary>
    [GlobalSetup(Target = nameof(BareKestrel))]
    public void SetupKestrel()
    {
        _kestrel = KestrelBaseline.StartAsync().GetAwaiter().GetResult();
        _client = RawHttpClient.Connect(_kestrel.Port, "/" + App + "/predict", Body);
        Check(_client.Send() == 200, "bare Kestrel did not answer 200: " + _client.LastResponse());
    }

    /// <summary>Stops whatever the setup started.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        var failure = _replica?.Failure;
        _replica?.Dispose();
        _frontend?.StopAsync().GetAwaiter().GetResult();
        _frontend?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _kestrel?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _redis?.Dispose();
        if (failure is not null)
        {
            throw new InvalidOperationException("The raw replica failed.", failure);
        }
    }

    /// <summary>One request to bare Kestrel.</summary>
    [Benchmark(Baseline = true)]
    public int BareKestrel() => _client!.Send();

    /// <summary>One request through the frontend to the replica and back.</summary>
    [Benchmark]
    public int Frontend() => _client!.Send();

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private async Task SetupFrontendAsync()
    {
        _redis = BenchRedis.Start();
        await using (var store = RedisConfigurationStore.Connect(new RedisStoreOptions { RedisAddress = _redis.Address }))
        {
            Succeeded(await store.AddApplicationAsync(new ApplicationRecord { Name = App, InputType = InputType.Doubles, DefaultOutput = "0", LatencySloMicros = 10_000_000 }));

            // No cache: every request must reach the replica, though each sends the same input.
            Succeeded(await store.AddModelVersionAsync(new ModelVersionRecord { Name = Model, Version = Version, InputType = InputType.Doubles, ContainerName = "raw", CacheBytes = 0 }));
            Succeeded(await store.SetCurrentModelVersionAsync(new ModelVersionId(Model, Version)));
            Succeeded(await store.AddModelLinksAsync(App, [Model]));
        }

        _frontend = QueryFrontendServer.Create(
            new QueryFrontendOptions { RedisAddress = _redis.Address, BindAddress = "127.0.0.1", HttpPort = 0, RpcPort = 0 },
            logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        await _frontend.StartAsync().WaitAsync(s_setupTimeout);
        _replica = RawReplica.Start(_frontend.RpcPort, Model, Version, "1.5");
        _client = RawHttpClient.Connect(_frontend.HttpPort, "/" + App + "/predict", Body);

        // The replica registers and the routing snapshot follows Redis: answers are defaults until both happened.
        var deadline = Stopwatch.GetTimestamp() + (long)(s_setupTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var status = _client.Send();
            var response = _client.LastResponse();
            if (status == 200 && response.Contains("\"default\":false", StringComparison.Ordinal))
            {
                return;
            }

            Check(Stopwatch.GetTimestamp() < deadline, $"no model answer within {s_setupTimeout}; last response: {response}; replica: {_replica.Failure}");
            await Task.Delay(50);
        }
    }

    private static void Succeeded(ConfigurationResult result) =>
        Check(result.Succeeded, "configuring the benchmark failed: " + result);
}
