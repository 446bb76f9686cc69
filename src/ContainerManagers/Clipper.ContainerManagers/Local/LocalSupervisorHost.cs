using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// Runs the supervisor process of a local cluster (the hidden <c>clipper local-supervisor</c> verb):
/// its control API on a free loopback port, its state file kept current, and on SIGTERM a graceful
/// stop of everything it started.
/// </summary>
public static partial class LocalSupervisorHost
{
    /// <summary>Runs until the cluster is shut down through the control API or the process is asked to stop.</summary>
    /// <param name="cluster">The cluster's name.</param>
    /// <param name="stateRoot">The state root (the cluster's folder is below it).</param>
    /// <param name="clipperCommand">How to run the <c>clipper</c> command line, for the frontends.</param>
    /// <param name="configureLogging">Adds the console logging; null for text lines with timestamps.</param>
    /// <param name="cancellationToken">Stops the supervisor (and the cluster).</param>
    /// <returns>The exit code: 0.</returns>
    public static async Task<int> RunAsync(string cluster, string stateRoot, IReadOnlyList<string> clipperCommand, Action<ILoggingBuilder>? configureLogging = null, CancellationToken cancellationToken = default)
    {
        var paths = new LocalClusterPaths(stateRoot, cluster);
        Directory.CreateDirectory(paths.Logs);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (configureLogging is null)
        {
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ");
        }
        else
        {
            configureLogging(builder.Logging);
        }
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var supervisor = new LocalClusterSupervisor(paths, cluster, clipperCommand, app.Services.GetRequiredService<ILoggerFactory>(), TimeProvider.System, new RestartBackoff());
        SupervisorControlApi.RequireToken(app, supervisor.ControlToken);
        SupervisorControlApi.Map(app, supervisor, app.Lifetime);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        supervisor.ControlPort = new Uri(address).Port;
        supervisor.SaveState();

        // The state file lists every child's pid; restarts change them, so it is refreshed every second.
        using var refresh = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var stopping = app.Lifetime.ApplicationStopping;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalSupervisorHost));
        try
        {
            while (!stopping.IsCancellationRequested && await refresh.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                try
                {
                    supervisor.SaveState();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    StateNotRecorded(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: by the control API or a signal.
        }
        finally
        {
            // After a shutdown through the API this finds nothing left to stop; after SIGTERM, or a fault
            // here, it stops everything, so no child outlives its supervisor.
            if (!supervisor.IsShutDown)
            {
                await supervisor.ShutdownAsync(graceful: true).ConfigureAwait(false);
            }
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "Recording the cluster state failed; retrying in a second: {Reason}")]
    private static partial void StateNotRecorded(ILogger logger, string reason);
}
