using Clipper.Configuration;
using Clipper.Configuration.Watching;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Routing;

/// <summary>A <see cref="ConfigurationFollower"/> with its registry and routing table, and builders of configurations.</summary>
internal sealed class FollowerHarness : IAsyncDisposable
{
    private readonly ConfigurationWatcher _watcher = new(new UnusedConfigurationStore());

    public FollowerHarness(Action<BatchingOptions>? batching = null)
    {
        Options = new QueryFrontendOptions { TimeProvider = Time };
        batching?.Invoke(Options.Batching);
        Registry = new ModelRegistry(Time, Options.Batching);
        Follower = new ConfigurationFollower(_watcher, Routing, Registry, new Clipper.QueryFrontend.Selection.PolicyStates(), new Clipper.QueryFrontend.Canary.CanaryMonitors(new UnusedConfigurationStore(), NullLogger<Clipper.QueryFrontend.Canary.CanaryMonitors>.Instance), Options, NullLogger<ConfigurationFollower>.Instance);
    }

    public FakeTimeProvider Time { get; } = new();

    public QueryFrontendOptions Options { get; }

    public ModelRegistry Registry { get; }

    public RoutingTable Routing { get; } = new();

    public ConfigurationFollower Follower { get; }

    /// <summary>Rebuilds from a configuration and returns the published snapshot.</summary>
    public RoutingSnapshot Rebuild(ClusterConfiguration configuration)
    {
        Follower.Rebuild(configuration);
        return Routing.Current;
    }

    public ModelVersionRuntime Runtime(string model, string version)
    {
        Assert.True(Registry.TryGet(new ModelVersionId(model, version), out ModelVersionRuntime? runtime), $"no runtime for {model}:{version}");
        return runtime;
    }

    public static ApplicationRecord App(string name, long sloMicros = 100_000, string? model = null, string defaultOutput = "null") => new()
    {
        Name = name,
        InputType = InputType.Doubles,
        DefaultOutput = defaultOutput,
        LatencySloMicros = sloMicros,
        LinkedModels = model is null ? [] : [model],
    };

    public static ModelVersionRecord Model(string name, string version, bool current = true, int batchSize = ModelVersionRecord.AdaptiveBatchSize) => new()
    {
        Name = name,
        Version = version,
        InputType = InputType.Doubles,
        BatchSize = batchSize,
        ContainerName = "example/" + name + ":" + version,
        IsCurrent = current,
    };

    public static ClusterConfiguration Config(long revision, ApplicationRecord[] apps, params ModelVersionRecord[] models) =>
        new(revision, "epoch-1", apps, models, []);

    public ValueTask DisposeAsync() => _watcher.DisposeAsync();
}
