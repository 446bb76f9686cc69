using System.CommandLine;
using System.Globalization;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper app-key create|list|revoke|require</c>: the API keys of applications.</summary>
internal static class ApiKeyCommands
{
    public static Command Create(ClusterOptions cluster) => new("app-key", "Make, list and revoke the API keys of applications, and turn the key requirement on or off.")
    {
        CreateKey(cluster),
        List(cluster),
        Revoke(cluster),
        Require(cluster),
    };

    /// <summary>Prints a key just made, with the warning that it is shown only now (on stderr, so stdout stays the key's lines).</summary>
    public static void PrintNewKey(CreatedApiKey key)
    {
        Console.Out.WriteLine($"api key     {key.Key}");
        Console.Out.WriteLine($"key id      {key.Info.KeyId}");
        Console.Error.WriteLine("clipper: keep this API key now: it cannot be shown again (the cluster stores only its hash). Send it as 'Authorization: Bearer KEY' or 'X-Clipper-Api-Key: KEY'.");
    }

    private static Command CreateKey(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var label = new Option<string>("--label") { Description = "What the key is for, e.g. the client's name (at most 100 characters).", DefaultValueFactory = _ => "" };
        var output = OutputOption.Create();
        var command = cluster.AddTo(new Command("create", "Make an API key for an application and print it once.") { app, label, output });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var key = await connection.CreateApiKeyAsync(result.GetValue(app)!, result.GetValue(label)!, cancellation).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                ClusterPrinter.Json(new { application = key.Application, key_id = key.Info.KeyId, key = key.Key, label = key.Info.Label, created_at = key.Info.CreatedAt });
                return 0;
            }

            PrintNewKey(key);
            return 0;
        }));
        return command;
    }

    private static Command List(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var output = OutputOption.Create();
        var command = cluster.AddTo(new Command("list", "Say whether an application requires a key and list its keys (ids, labels, creation times; never the keys).") { app, output });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var keys = await connection.ListApiKeysAsync(result.GetValue(app)!, cancellation).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                ClusterPrinter.Json(keys);
                return 0;
            }

            Console.Out.WriteLine($"application '{keys.Application}': {(keys.RequireKey ? "API key required" : "no API key required")}, {keys.Keys.Count} key(s)");
            if (keys.Keys.Count > 0)
            {
                Console.Out.WriteLine($"{"KEY ID",-18} {"CREATED (UTC)",-20} LABEL");
                foreach (var key in keys.Keys)
                {
                    var created = key.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                    Console.Out.WriteLine($"{key.KeyId,-18} {created,-20} {key.Label}");
                }
            }

            return 0;
        }));
        return command;
    }

    private static Command Revoke(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var keyId = new Argument<string>("KEY_ID") { Description = "The key's id (16 hexadecimal characters, as 'app-key list' shows it), not the key." };
        var command = cluster.AddTo(new Command("revoke", "Revoke an API key: the query frontends refuse it as soon as they follow the change.") { app, keyId });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            await connection.RevokeApiKeyAsync(result.GetValue(app)!, result.GetValue(keyId)!, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"revoked API key {result.GetValue(keyId)} of application '{result.GetValue(app)}'");
            return 0;
        }));
        return command;
    }

    private static Command Require(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var state = new Argument<string>("on|off") { Description = "on: predictions must present one of the application's keys; off: they need none." };
        state.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (value is not ("on" or "off"))
            {
                r.AddError($"the key requirement must be 'on' or 'off', got '{value}'");
            }
        });
        var command = cluster.AddTo(new Command("require", "Turn on or off whether an application's predictions need an API key.") { app, state });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var on = result.GetValue(state) == "on";
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            await connection.SetRequireKeyAsync(result.GetValue(app)!, on, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine(on
                ? $"application '{result.GetValue(app)}' now requires an API key"
                : $"application '{result.GetValue(app)}' no longer requires an API key");
            return 0;
        }));
        return command;
    }
}
