using System.CommandLine;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;
using Clipper.Configuration;

namespace Clipper.Cli.Cluster;

/// <summary>Verbs on applications: register-app, unregister-app, apps, app-key (and links: <see cref="LinkCommands"/>).</summary>
internal static class ApplicationCommands
{
    public static IEnumerable<Command> Create(ClusterOptions cluster)
    {
        yield return RegisterApp(cluster);
        yield return UnregisterApp(cluster);
        foreach (var command in LinkCommands.Create(cluster))
        {
            yield return command;
        }

        yield return Apps(cluster);
        yield return ApiKeyCommands.Create(cluster);
    }

    private static Command RegisterApp(ClusterOptions cluster)
    {
        var name = new Argument<string>("NAME") { Description = "The application's name (a DNS label)." };
        var inputType = new Option<string>("--input-type") { Description = "integers, floats, doubles, bytes or strings.", Required = true };
        var defaultOutput = new Option<string>("--default-output") { Description = "The answer when no model answers in time.", Required = true };
        var slo = new Option<long>("--slo-micros") { Description = "The latency objective in microseconds.", Required = true };
        var requireKey = new Option<bool>("--require-key") { Description = "Predictions must present an API key: a first key is made and printed once." };
        var command = cluster.AddTo(new Command("register-app", "Register an application.") { name, inputType, defaultOutput, slo, requireKey });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var app = result.GetValue(name)!;
            var keyed = result.GetValue(requireKey);
            await connection.RegisterApplicationAsync(app, result.GetValue(inputType)!, result.GetValue(defaultOutput)!, result.GetValue(slo), keyed, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"registered application '{app}'{(keyed ? " (API key required)" : "")}");
            if (keyed)
            {
                CreatedApiKey key;
                try
                {
                    key = await connection.CreateApiKeyAsync(app, "first key (register-app)", cancellation).ConfigureAwait(false);
                }
                catch (ClipperException ex)
                {
                    throw new ClipperException($"Application '{app}' was registered, requiring a key, but its first key could not be made ({ex.Message}); make one with: clipper app-key create {app}", ex);
                }

                ApiKeyCommands.PrintNewKey(key);
            }

            return 0;
        }));
        return command;
    }

    private static Command UnregisterApp(ClusterOptions cluster)
    {
        var name = new Argument<string>("NAME") { Description = "The application to remove." };
        var command = cluster.AddTo(new Command("unregister-app", "Remove an application and its links.") { name });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            await connection.UnregisterApplicationAsync(result.GetValue(name)!, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"unregistered application '{result.GetValue(name)}'");
            return 0;
        }));
        return command;
    }

    private static Command Apps(ClusterOptions cluster)
    {
        var output = OutputOption.Create();
        var command = cluster.AddTo(new Command("apps", "List the applications, each with its selection policy and its links (weight, or shadow share).") { output });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                ClusterPrinter.Json(await connection.GetAllAppsAsync(verbose: true, cancellation).ConfigureAwait(false));
                return 0;
            }

            Console.Out.WriteLine($"{"NAME",-24} {"INPUT",-8} {"SLO (µs)",10} {"DEFAULT",-12} {"POLICY",-8} LINKED MODELS");
            foreach (var app in await connection.GetApplicationsAsync(cancellation).ConfigureAwait(false))
            {
                var linked = string.Join(", ", app.Links.Select(LinkCommands.Describe));
                Console.Out.WriteLine($"{app.Name,-24} {app.InputType,-8} {app.LatencySloMicros,10} {app.DefaultOutput,-12} {app.Policy.ToName(),-8} {linked}");
            }

            return 0;
        }));
        return command;
    }
}
