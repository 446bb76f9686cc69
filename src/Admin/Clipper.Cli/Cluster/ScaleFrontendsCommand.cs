using System.CommandLine;
using Clipper.Cli.Commands;
using Clipper.ContainerManagers;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper scale-frontends N</c>: runs N query frontends and prints them once they serve.</summary>
internal static class ScaleFrontendsCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var count = new Argument<int>("count") { Description = $"How many query frontends to run ({QueryFrontendCount.Min} to {QueryFrontendCount.Max})." };
        var output = OutputOption.Create();
        var command = cluster.AddTo(new Command(
            "scale-frontends",
            "Run N query frontends: new ones start and announce themselves (model replicas connect to each), removed ones drain and say goodbye; "
            + "waits until exactly N hold a lease and answer, then lists them.")
        {
            count, output,
        });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var wanted = result.GetValue(count);
            if (wanted is < QueryFrontendCount.Min or > QueryFrontendCount.Max)
            {
                throw new ArgumentException(QueryFrontendCount.Describe(wanted, "the count of scale-frontends"));
            }

            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var frontends = await connection.ScaleFrontendsAsync(wanted, cancellation).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                ClusterPrinter.Json(FrontendPrinter.Json(frontends));
                return 0;
            }

            Console.Out.WriteLine($"{frontends.Count} query frontend(s) serve");
            FrontendPrinter.Table(frontends);
            return 0;
        }));
        return command;
    }
}
