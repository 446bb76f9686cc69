using System.Text.Json;
using System.Text.RegularExpressions;

namespace Clipper.Integration.Tests.Admin;

/// <summary>API keys from the command line, against a local cluster started by another process.</summary>
public sealed partial class CliApiKeyTests
{
    private static readonly TimeSpan s_propagation = TimeSpan.FromSeconds(30);

    [GeneratedRegex("^api key +(ck_[0-9a-f]{16}_[A-Za-z0-9_-]{43})$", RegexOptions.Multiline)]
    private static partial Regex PrintedKey();

    [Fact]
    public async Task AppKey_RegisterCreateListRevokeRequire_DriveWhichPredictionsAreServed()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        string[] cluster = ["--cluster", scope.Name];

        var (exit, registered, warning) = await CliRunner.RunAsync(scope.StateRoot, ["register-app", "adder", "--input-type", "doubles", "--default-output", "-1.0", "--slo-micros", "2000000", "--require-key", .. cluster]);
        Assert.True(exit == 0, warning);
        Assert.Contains("registered application 'adder' (API key required)", registered, StringComparison.Ordinal);
        Assert.Contains("cannot be shown again", warning, StringComparison.Ordinal);
        var first = PrintedKey().Match(registered).Groups[1].Value;
        Assert.NotEmpty(first);

        // Served (the default answer: no model is linked) once the frontend follows the registration, with the key in
        // the flag or in CLIPPER_API_KEY; refused without it.
        await PredictsAsync(scope, cluster, first, expectServed: true);
        var withVariable = await CliRunner.RunAsync(scope.StateRoot, new Dictionary<string, string> { ["CLIPPER_API_KEY"] = first }, ["predict", "adder", "[1.0]", .. cluster]);
        Assert.True(withVariable.ExitCode == 0, withVariable.Stdout + withVariable.Stderr);
        var without = await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[1.0]", .. cluster]);
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("\"error\":\"API key required\"", without.Stdout, StringComparison.Ordinal);
        Assert.Contains("answered 401", without.Stderr, StringComparison.Ordinal);

        using var made = JsonDocument.Parse(await CliRunner.OkAsync(scope.StateRoot, ["app-key", "create", "adder", "--label", "second client", "--output", "json", .. cluster]));
        var second = made.RootElement.GetProperty("key").GetString()!;
        var secondId = made.RootElement.GetProperty("key_id").GetString()!;
        var listText = await CliRunner.OkAsync(scope.StateRoot, ["app-key", "list", "adder", .. cluster]);
        var listJson = await CliRunner.OkAsync(scope.StateRoot, ["app-key", "list", "adder", "--output", "json", .. cluster]);
        Assert.Contains("application 'adder': API key required, 2 key(s)", listText, StringComparison.Ordinal);
        Assert.Contains(first[3..19], listText, StringComparison.Ordinal);
        Assert.Contains("second client", listText, StringComparison.Ordinal);
        Assert.DoesNotContain("ck_", listText + listJson, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(listJson))
        {
            Assert.True(json.RootElement.GetProperty("require_key").GetBoolean());
            Assert.Equal(2, json.RootElement.GetProperty("keys").GetArrayLength());
        }

        Assert.Contains("revoked API key " + first[3..19], await CliRunner.OkAsync(scope.StateRoot, ["app-key", "revoke", "adder", first[3..19], .. cluster]), StringComparison.Ordinal);
        await PredictsAsync(scope, cluster, first, expectServed: false);
        await PredictsAsync(scope, cluster, second, expectServed: true);

        Assert.Contains("no longer requires", await CliRunner.OkAsync(scope.StateRoot, ["app-key", "require", "adder", "off", .. cluster]), StringComparison.Ordinal);
        await PredictsAsync(scope, cluster, apiKey: null, expectServed: true);
        Assert.Contains(secondId, await CliRunner.OkAsync(scope.StateRoot, ["app-key", "list", "adder", .. cluster]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppKey_BadInput_FailsInOneLineWithoutRepeatingAKey()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        string[] cluster = ["--cluster", scope.Name];
        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "adder", "--input-type", "doubles", "--default-output", "-1.0", "--slo-micros", "2000000", .. cluster]);
        using var made = JsonDocument.Parse(await CliRunner.OkAsync(scope.StateRoot, ["app-key", "create", "adder", "--output", "json", .. cluster]));
        var key = made.RootElement.GetProperty("key").GetString()!;
        var typo = key[..^1] + "!";

        await CliRunner.FailsAsync(scope.StateRoot, ["predict", "adder", "[1.0]", "--api-key", typo, .. cluster], "--api-key is not an API key: expected 'ck_', 16 lower-case hexadecimal characters, '_' and 43 base64url characters (63 in all), got 63 characters");
        await CliRunner.FailsAsync(scope.StateRoot, ["app-key", "revoke", "adder", key, .. cluster], "a whole API key was given; give only its id");
        await CliRunner.FailsAsync(scope.StateRoot, ["app-key", "revoke", "adder", "0123456789abcdef", .. cluster], "Application 'adder' has no API key with id '0123456789abcdef'");
        await CliRunner.FailsAsync(scope.StateRoot, ["app-key", "create", "nope", .. cluster], "No application with name 'nope' exists.");
        await CliRunner.FailsAsync(scope.StateRoot, ["app-key", "create", "adder", "--label", new string('x', 101), .. cluster], "a key's label has at most 100");
        var (exit, _, stderr) = await CliRunner.RunAsync(scope.StateRoot, ["app-key", "require", "adder", "maybe", .. cluster]);
        Assert.NotEqual(0, exit);
        Assert.Contains("the key requirement must be 'on' or 'off', got 'maybe'", stderr, StringComparison.Ordinal);

        foreach (var run in new[]
        {
            await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[1.0]", "--api-key", typo, .. cluster]),
            await CliRunner.RunAsync(scope.StateRoot, ["app-key", "revoke", "adder", key, .. cluster]),
        })
        {
            Assert.DoesNotContain(key[20..^1], run.Stdout + run.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>Predicts until the answer is the expected one: the frontend follows changes asynchronously.</summary>
    private static async Task PredictsAsync(LocalClusterScope scope, string[] cluster, string? apiKey, bool expectServed)
    {
        string[] args = apiKey is null ? ["predict", "adder", "[1.0]", .. cluster] : ["predict", "adder", "[1.0]", "--api-key", apiKey, .. cluster];
        var last = "";
        await Serving.Eventually.TrueAsync(
            async () =>
            {
                var (exit, stdout, stderr) = await CliRunner.RunAsync(scope.StateRoot, args);
                last = stdout + stderr;
                return expectServed
                    ? exit == 0 && stdout.Contains("\"default\":true", StringComparison.Ordinal)
                    : exit == 1 && stdout.Contains("\"error\":\"Invalid API key\"", StringComparison.Ordinal);
            },
            s_propagation,
            () => "last answer: " + last);
    }
}
