using System.CommandLine;
using System.Globalization;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;

namespace Clipper.Cli.Cluster;

/// <summary>
/// <c>clipper status</c>: addresses, every query frontend (from the management API, so every manager's alike), every running canary and
/// every replica with its state, restarts and last exit code.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var output = OutputOption.Create();
        var command = cluster.AddTo(new Command("status", "Show where the cluster answers, every query frontend (id, HTTP and RPC address, up since, replicas connected per model) and the state of every model replica.") { output });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var replicas = await connection.Manager.GetReplicasAsync(null, cancellation).ConfigureAwait(false);
            var frontends = await connection.GetQueryFrontendsAsync(cancellation).ConfigureAwait(false);
            var canaries = await RunningCanariesAsync(connection, cancellation).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                ClusterPrinter.Json(new { cluster = connection.Manager.ClusterName, manager = connection.Manager.Kind, addresses = connection.Addresses, admin_access = connection.AdminAccess, query_frontends = FrontendPrinter.Json(frontends), canaries, replicas });
                return 0;
            }

            ClusterPrinter.Addresses(connection.Manager.ClusterName, connection.Addresses);
            ClusterPrinter.AdminAccess(connection.AdminAccess);
            Console.Out.WriteLine();
            FrontendPrinter.Table(frontends);
            FrontendPrinter.RefusedTable(frontends);
            foreach (var canary in canaries)
            {
                Console.Out.WriteLine(CanaryCommand.Describe(canary));
            }

            Console.Out.WriteLine();
            if (replicas.Count == 0)
            {
                Console.Out.WriteLine("no model replicas");
                return 0;
            }

            Console.Out.WriteLine($"{"REPLICA",-32} {"STATE",-10} {"RESTARTS",8} {"LAST EXIT",9} {"PID",7}");
            foreach (var replica in replicas)
            {
                Console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{replica.Id,-32} {replica.State.ToString().ToLowerInvariant(),-10} {replica.Restarts,8} {replica.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-",9} {replica.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",7}"));
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The running canary of every application (one query per application: status is for people, not a hot path).</summary>
    private static async Task<List<CanaryInfo>> RunningCanariesAsync(ClipperConnection connection, CancellationToken cancellationToken)
    {
        var canaries = new List<CanaryInfo>();
        foreach (var app in await connection.GetApplicationsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await connection.GetCanaryAsync(app.Name, cancellationToken).ConfigureAwait(false) is { Record.IsRunning: true } canary)
            {
                canaries.Add(canary);
            }
        }

        return canaries;
    }
}
