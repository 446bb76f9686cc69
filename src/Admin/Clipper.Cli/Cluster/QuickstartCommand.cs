using System.CommandLine;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;
using Clipper.ContainerManagers;

namespace Clipper.Cli.Cluster;

/// <summary>
/// <c>clipper quickstart</c>: starts a cluster (or reuses the running one), deploys the <c>sum</c> example with
/// two replicas, registers and links an app, sends a few predictions and prints them with the curl line to try
/// next. The cluster keeps running until <c>clipper stop-all</c>. On Kubernetes it takes the image options of
/// <c>start</c>, since only the user knows what the nodes can pull.
/// </summary>
internal static class QuickstartCommand
{
    private const string App = "quickstart";
    private const string Model = "sum";

    public static Command Create(ClusterOptions cluster)
    {
        var command = cluster.AddTo(new Command("quickstart", "Start a cluster (local unless --manager says otherwise), deploy an example model with two replicas, link an app and answer predictions."));
        var kubernetes = new KubernetesStartOptions();
        kubernetes.AddTo(command);
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var manager = cluster.CreateManager(result, kubernetes: kubernetes.Read(result, result.GetValue(cluster.Manager)!));
            using var connection = new ClipperConnection(manager, cluster.ConnectionOptions(result));
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
            if (await CurrentVersionAsync(connection, cancellation).ConfigureAwait(false) is null)
            {
                await connection.RegisterApplicationAsync(App, "doubles", "-1.0", 100_000, cancellation).ConfigureAwait(false);
                await connection.DeployModelAsync(Model, "1", "doubles", ModelCommands.ExampleArtifact("sum"), replicas: 2, cancellationToken: cancellation).ConfigureAwait(false);
                await connection.LinkModelToAppAsync(App, Model, cancellation).ConfigureAwait(false);
            }

            using var http = connection.CreateHttpClient(PredictCommand.Timeout);
            await WaitUntilServedAsync(http, addresses.Query, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine();
            Console.Out.WriteLine($"app '{App}' answers with model '{Model}' (2 replicas, adds up its input):");
            foreach (var input in new[] { "[1.0, 2.0, 3.0]", "[0.5, 0.25]", "[10, 20, 30, 40]" })
            {
                var (_, body) = await PredictCommand.SendAsync(http, addresses.Query, App, input, apiKey: null, cancellation).ConfigureAwait(false);
                Console.Out.WriteLine($"  {input,-18} -> {body}");
            }

            Console.Out.WriteLine();
            Console.Out.WriteLine("try it yourself:");
            Console.Out.WriteLine($"  curl -X POST {new Uri(addresses.Query, App + "/predict")} -H 'Content-Type: application/json' -d '{{\"input\": [1.5, 2.5]}}'");
            Console.Out.WriteLine($"the cluster keeps running; stop it with: ./clipper stop-all{cluster.Selection(result)}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The model's current version, once the management API answers: on Kubernetes a Service's node port reaches
    /// its pod a moment after the pod is ready (when kube-proxy has programmed it), so the first calls may be refused.
    /// </summary>
    private static async Task<string?> CurrentVersionAsync(ClipperConnection connection, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await connection.GetCurrentModelVersionAsync(Model, cancellationToken).ConfigureAwait(false);
            }
            catch (ClipperException ex) when (ex.InnerException is HttpRequestException && attempt < 100)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The link reaches the query frontend a moment after the management API stored it: wait for the model's first answer.</summary>
    private static async Task WaitUntilServedAsync(HttpClient http, Uri query, CancellationToken cancellationToken)
    {
        Terminal.Progress.Report("waiting for the query frontend to route the app to the model...");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (status, body) = await PredictCommand.SendAsync(http, query, App, "[0.0]", apiKey: null, cancellationToken).ConfigureAwait(false);
            if (status == 200 && body.Contains("\"default\":false", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new ClipperException($"App '{App}' still answers with its default output after 10 s; see `clipper status` and `clipper logs`.");
    }
}
