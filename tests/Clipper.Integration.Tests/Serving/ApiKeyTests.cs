using System.Net;
using System.Text.Json;
using Clipper.Configuration.Keys;
using Xunit.Abstractions;
using static Clipper.Integration.Tests.Serving.KeyedFrontend;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Applications that require an API key, served by a real query frontend over TCP and configured through the management API.</summary>
public sealed class ApiKeyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Predict_AppRequiringAKey_Answers401WithoutAValidKeyAnd200WithOneInEitherHeader()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("keyed", "sum", "1", "doubles");
        await cluster.AdminOkAsync("add_app", """{"name": "open", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 5000000}""");
        await cluster.AdminOkAsync("add_model_links", """{"app_name": "open", "model_names": ["sum"]}""");
        cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("keyed", """{"input": [3, 4]}""");
        string key = "";
        await ChangeAndWaitAsync(cluster.Frontend!, async () =>
        {
            await cluster.AdminOkAsync("set_require_key", """{"app_name": "keyed", "require_key": true}""");
            key = await CreateKeyAsync(cluster, "keyed");
        }, snapshot => snapshot.Applications["keyed"].RequireKey && snapshot.Applications["keyed"].ApiKeys.Length == 1);
        var wrong = ApiKeyFormat.Generate().Key;

        var missing = await PredictAsync(cluster.Http, cluster.HttpPort, "keyed");
        var invalid = await PredictAsync(cluster.Http, cluster.HttpPort, "keyed", ("Authorization", "Bearer " + wrong));
        var malformed = await PredictAsync(cluster.Http, cluster.HttpPort, "keyed", ("X-Clipper-Api-Key", "hello"));
        var bearer = await PredictAsync(cluster.Http, cluster.HttpPort, "keyed", ("Authorization", "Bearer " + key));
        var dedicated = await PredictAsync(cluster.Http, cluster.HttpPort, "keyed", ("X-Clipper-Api-Key", key));
        var open = await PredictAsync(cluster.Http, cluster.HttpPort, "open");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.Status);
        Assert.Equal("Bearer realm=\"clipper\"", missing.Response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("API key required", missing.Body.GetProperty("error").GetString());
        var cause = missing.Body.GetProperty("cause").GetString()!;
        Assert.Contains("'Authorization: Bearer ck_...'", cause, StringComparison.Ordinal);
        Assert.Contains("'X-Clipper-Api-Key: ck_...'", cause, StringComparison.Ordinal);

        foreach (var refused in new[] { invalid, malformed })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Contains("error=\"invalid_token\"", refused.Response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Equal("Invalid API key", refused.Body.GetProperty("error").GetString());
            Assert.StartsWith("invalid API key", refused.Body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(wrong, invalid.Body.GetRawText(), StringComparison.Ordinal);
        foreach (var served in new[] { bearer, dedicated, open })
        {
            Assert.Equal(HttpStatusCode.OK, served.Status);
            Assert.Equal(7.0, served.Body.GetProperty("output").GetDouble());
        }

        var counters = await cluster.MetricsAsync();
        Assert.Equal(1, counters.GetProperty("key_refusals:missing").GetInt64());
        Assert.Equal(1, counters.GetProperty("key_refusals:invalid").GetInt64());
        Assert.Equal(1, counters.GetProperty("key_refusals:malformed").GetInt64());
    }

    [Fact]
    public async Task Predict_KeyRevoked_IsRefusedOnceTheFrontendFollowsTheChangeAndNothingElseIs()
    {
        // No model: the default answer is a 200 too, and only the key check matters here.
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.AdminOkAsync("add_app", """{"name": "keyed", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 100000, "require_key": true}""");
        await cluster.AdminOkAsync("add_app", """{"name": "other", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 100000, "require_key": true}""");
        string kept = "", revoked = "", otherKey = "";
        await ChangeAndWaitAsync(cluster.Frontend!, async () =>
        {
            kept = await CreateKeyAsync(cluster, "keyed");
            revoked = await CreateKeyAsync(cluster, "keyed");
            otherKey = await CreateKeyAsync(cluster, "other");
        }, snapshot => snapshot.Applications["keyed"].ApiKeys.Length == 2 && snapshot.Applications["other"].ApiKeys.Length == 1);
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(cluster.Http, cluster.HttpPort, "keyed", ("X-Clipper-Api-Key", revoked))).Status);
        var revokedId = revoked[3..19];

        var latency = await ChangeAndWaitAsync(
            cluster.Frontend!,
            () => cluster.AdminOkAsync("delete_api_key", JsonSerializer.Serialize(new { app_name = "keyed", key_id = revokedId })),
            snapshot => HasKeys(snapshot, "keyed", true, kept[3..19]));
        output.WriteLine($"revocation reached the frontend {latency.TotalMilliseconds:0.0} ms after delete_api_key was sent");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PredictAsync(cluster.Http, cluster.HttpPort, "keyed", ("X-Clipper-Api-Key", revoked))).Status);
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(cluster.Http, cluster.HttpPort, "keyed", ("X-Clipper-Api-Key", kept))).Status);
        Assert.Equal(HttpStatusCode.OK, (await PredictAsync(cluster.Http, cluster.HttpPort, "other", ("Authorization", "Bearer " + otherKey))).Status);

        // A key opens its own application only.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PredictAsync(cluster.Http, cluster.HttpPort, "other", ("Authorization", "Bearer " + kept))).Status);
    }

    [Fact]
    public async Task Predict_RequirementTurnedOffThenOn_ServesWithoutAKeyThenRefusesAgain()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await ChangeAndWaitAsync(
            cluster.Frontend!,
            () => cluster.AdminOkAsync("add_app", """{"name": "keyed", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 100000, "require_key": true}"""),
            snapshot => HasKeys(snapshot, "keyed", true));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PredictAsync(cluster.Http, cluster.HttpPort, "keyed")).Status);

        await ChangeAndWaitAsync(
            cluster.Frontend!,
            () => cluster.AdminOkAsync("set_require_key", """{"app_name": "keyed", "require_key": false}"""),
            snapshot => HasKeys(snapshot, "keyed", false));
        var open = await PredictAsync(cluster.Http, cluster.HttpPort, "keyed");
        await ChangeAndWaitAsync(
            cluster.Frontend!,
            () => cluster.AdminOkAsync("set_require_key", """{"app_name": "keyed", "require_key": true}"""),
            snapshot => HasKeys(snapshot, "keyed", true));
        var closed = await PredictAsync(cluster.Http, cluster.HttpPort, "keyed");

        Assert.Equal(HttpStatusCode.OK, open.Status);
        Assert.True(open.Body.GetProperty("default").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, closed.Status);
    }

    /// <summary>Makes a key through the management API; returns the key.</summary>
    internal static async Task<string> CreateKeyAsync(ServingCluster cluster, string app)
    {
        using var response = await cluster.AdminAsync("add_api_key", JsonSerializer.Serialize(new { app_name = app, label = "test" }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/admin/add_api_key answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }
}
