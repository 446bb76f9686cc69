using System.CommandLine;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;
using Clipper.ContainerManagers;

namespace Clipper.Cli.Cluster;

/// <summary>
/// <c>clipper quickstart</c>: starts a local cluster (or reuses the running one), deploys the <c>sum</c>
/// example with two replicas, registers and links an app, sends a few predictions and prints them with
/// the curl line to try next. The cluster keeps running until <c>clipper stop-all</c>.
/// </summary>
internal static class QuickstartCommand
{
    private const string App = "quickstart";
    private const string Model = "sum";

    public static Command Create(ClusterOptions cluster)
    {
        var command = cluster.AddTo(new Command("quickstart", "Start a local cluster, deploy an example model with two replicas, link an app and answer predictions."));
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = new ClipperConnection(cluster.CreateManager(result), new ClipperConnectionOptions { Progress = Terminal.Progress });
            ClusterAddresses addresses;
            try
            {
                addresses = await connection.ConnectAsync(cancellation).ConfigureAwait(false);
                Console.Out.WriteLine($"using the running cluster '{connection.Manager.ClusterName}'");
            }
            catch (ClipperException)
            {
                addresses = await connection.StartClipperAsync(cancellationToken: cancellation).ConfigureAwait(false);
            }

            ClusterPrinter.Addresses(connection.Manager.ClusterName, addresses);
            if (await connection.GetCurrentModelVersionAsync(Model, cancellation).ConfigureAwait(false) is null)
            {
                await connection.RegisterApplicationAsync(App, "doubles", "-1.0", 100_000, cancellation).ConfigureAwait(false);
                await connection.DeployModelAsync(Model, "1", "doubles", ModelCommands.ExampleArtifact("sum"), replicas: 2, cancellationToken: cancellation).ConfigureAwait(false);
                await connection.LinkModelToAppAsync(App, Model, cancellation).ConfigureAwait(false);
            }

            using var http = PredictCommand.CreateClient();
            await WaitUntilServedAsync(http, addresses.Query, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine();
            Console.Out.WriteLine($"app '{App}' answers with model '{Model}' (2 replicas, adds up its input):");
            foreach (var input in new[] { "[1.0, 2.0, 3.0]", "[0.5, 0.25]", "[10, 20, 30, 40]" })
            {
                var (_, body) = await PredictCommand.SendAsync(http, addresses.Query, App, input, cancellation).ConfigureAwait(false);
                Console.Out.WriteLine($"  {input,-18} -> {body}");
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine("try it yourself:");
            Console.Out.WriteLine($"  curl -X POST {new Uri(addresses.Query, App + "/predict")} -H 'Content-Type: application/json' -d '{{\"input\": [1.5, 2.5]}}'");
            var manager = connection.Manager.Kind == "local" ? "" : " --manager " + connection.Manager.Kind;
            var name = connection.Manager.ClusterName == "default-cluster" ? "" : " --cluster " + connection.Manager.ClusterName;
            Console.Out.WriteLine($"the cluster keeps running; stop it with: ./clipper stop-all{manager}{name}");
            return 0;
        }));
        return command;
    }

    /// <summary>The link reaches the query frontend a moment after the management API stored it: wait for the model's first answer.</summary>
    private static async Task WaitUntilServedAsync(HttpClient http, Uri query, CancellationToken cancellationToken)
    {
        Terminal.Progress?.Report("waiting for the query frontend to route the app to the model...");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (status, body) = await PredictCommand.SendAsync(http, query, App, "[0.0]", cancellationToken).ConfigureAwait(false);
            if (status == 200 && body.Contains("\"default\":false", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new ClipperException($"App '{App}' still answers with its default output after 10 s; see `clipper status` and `clipper logs`.");
    }
}
