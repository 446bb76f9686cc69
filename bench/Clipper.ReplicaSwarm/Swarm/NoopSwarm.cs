using System.Diagnostics;
using System.Globalization;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clipper.ReplicaSwarm.Swarm;

/// <summary>
/// Many replicas in one process: a real <see cref="ModelContainer{TInput}"/> per replica connection, each with its own
/// container id, serving the noop model to one query frontend, exactly as that many <c>clipper example-model noop</c>
/// processes would, without a process (and a runtime) each.
/// </summary>
internal sealed class NoopSwarm : IAsyncDisposable
{
    private readonly ModelContainer<double[]>[] _containers;
    private readonly Task[] _running;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _startedAt;

    private NoopSwarm(SwarmOptions options, ILoggerFactory logging)
    {
        Options = options;
        _containers = new ModelContainer<double[]>[options.Replicas];
        _running = new Task[options.Replicas];
        // The id tells the replicas of one swarm apart from another's, and from a restart of this one.
        string prefix = "swarm-" + Environment.MachineName + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        int next = 0;
        for (int model = 0; model < options.Models; model++)
        {
            for (int replica = 0; replica < options.ReplicasPerModel; replica++)
            {
                var containerOptions = new ModelContainerOptions
                {
                    ModelName = options.ModelName(model),
                    ModelVersion = options.ModelVersion,
                    InputType = InputType.Doubles,
                    FrontendHost = options.Host,
                    FrontendPort = options.Port,
                    ContainerId = prefix + "-" + options.ModelName(model) + "-" + replica.ToString(CultureInfo.InvariantCulture),
                    LoggerFactory = logging,
                };
                _containers[next++] = new ModelContainer<double[]>(containerOptions, NoopModel.PredictAsync);
            }
        }

        _startedAt = Stopwatch.GetTimestamp();
        for (int i = 0; i < _containers.Length; i++)
        {
            _running[i] = _containers[i].RunAsync(_stop.Token);
        }
    }

    /// <summary>The swarm's settings.</summary>
    public SwarmOptions Options { get; }

    /// <summary>Replicas connected and welcomed by the frontend now.</summary>
    public int ConnectedCount
    {
        get
        {
            int ready = 0;
            foreach (var container in _containers)
            {
                if (container.IsReady)
                {
                    ready++;
                }
            }

            return ready;
        }
    }

    /// <summary>Creates every replica and starts them all connecting at once (the connect storm).</summary>
    /// <param name="options">How many models and replicas, and where the frontend is.</param>
    /// <param name="logging">Where the containers log; default nowhere.</param>
    public static NoopSwarm Start(SwarmOptions options, ILoggerFactory? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NoopSwarm(options, logging ?? NullLoggerFactory.Instance);
    }

    /// <summary>
    /// Waits until every replica is welcomed, or <paramref name="timeout"/> passes; returns how long from the start
    /// the last one took and how many were connected then.
    /// </summary>
    public async Task<SwarmConnection> WaitConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var ready = new Task[_containers.Length];
        for (int i = 0; i < ready.Length; i++)
        {
            ready[i] = _containers[i].WhenReady;
        }

        var all = Task.WhenAll(ready);
        try
        {
            await all.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new SwarmConnection(false, ConnectedCount, Options.Replicas, Stopwatch.GetElapsedTime(_startedAt));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A container stopped before it was welcomed (the swarm was disposed).
            return new SwarmConnection(false, ConnectedCount, Options.Replicas, Stopwatch.GetElapsedTime(_startedAt));
        }

        return new SwarmConnection(true, Options.Replicas, Options.Replicas, Stopwatch.GetElapsedTime(_startedAt));
    }

    /// <summary>Stops every replica at once (no drain) and waits for them to close.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running).ConfigureAwait(false);
        }
        finally
        {
            foreach (var container in _containers)
            {
                await container.DisposeAsync().ConfigureAwait(false);
            }

            _stop.Dispose();
        }
    }
}
