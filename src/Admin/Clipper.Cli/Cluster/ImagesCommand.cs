using System.CommandLine;
using Clipper.Cli.Commands;
using Clipper.ContainerManagers.Images;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper images</c>: builds the images a cluster runs on this machine's Docker engine, and pushes them to a registry.</summary>
internal static class ImagesCommand
{
    public static Command Create()
    {
        var registry = new Option<string?>("--registry") { Description = "Tag the images for this registry (HOST[:PORT][/PATH]) and push them." };
        var save = new Option<string?>("--save") { Description = "Also write each image as a `docker save` tarball into this folder (to import into a node's runtime)." };
        var prometheus = new Option<bool>("--prometheus") { Description = "Also build the Prometheus image from this machine's prometheus (for Kubernetes: --prometheus-image)." };
        var command = new Command("images", "Build the command line's and Redis's images on this machine's Docker engine (for Kubernetes: --clipper-image, --redis-image).") { registry, save, prometheus };
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var builder = new ImageBuilder { Progress = Terminal.Progress };
            var (clipper, redis) = await builder.BuildClusterImagesAsync(result.GetValue(registry), cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"clipper-image  {clipper}");
            Console.Out.WriteLine($"redis-image    {redis}");
            List<string> images = [clipper, redis];
            if (result.GetValue(prometheus))
            {
                var server = await builder.BuildPrometheusImageAsync(result.GetValue(registry), cancellation).ConfigureAwait(false);
                Console.Out.WriteLine($"prometheus-image {server}");
                images.Add(server);
            }

            if (result.GetValue(save) is { } folder)
            {
                foreach (var file in await builder.SaveImagesAsync(images, folder, cancellation).ConfigureAwait(false))
                {
                    Console.Out.WriteLine($"saved          {file}");
                }
            }

            return 0;
        }));
        return command;
    }
}
