using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

/// <summary>Our endpoints for several models per application (set_model_link, set_app_policy) and the fields they add to Clipper's answers.</summary>
public sealed class LinkOptionsEndpointTests(RedisFixture redis) : ManagementTestBase(redis)
{
    [Fact]
    public async Task SetModelLink_SeveralModels_AreAnsweredBesideClippersFields()
    {
        await Frontend.AddAppAsync("app");
        await Frontend.AddModelAsync("m", "1");
        await Frontend.AddModelAsync("n", "1");
        await Frontend.AddModelAsync("o", "1");
        await Frontend.LinkAsync("app", "m");

        var served = (await Frontend.PostAsync("set_model_link", new { app_name = "app", model_name = "n", weight = 3 })).AssertOk();
        var shadow = (await Frontend.PostAsync("set_model_link", new { app_name = "app", model_name = "o", shadow_percent = 25 })).AssertOk();
        (await Frontend.PostAsync("set_app_policy", new { app_name = "app", policy = "ensemble" })).AssertOk();

        Assert.Equal("Successfully linked model with name 'n' to application 'app': served with weight 3", served.Body);
        Assert.Equal("Successfully linked model with name 'o' to application 'app': a shadow sent 25% of the queries", shadow.Body);
        Assert.Equal("[\"m\",\"n\",\"o\"]", (await Frontend.PostAsync("get_linked_models", new { app_name = "app" })).AssertOk().Body);
        var app = (await Frontend.PostAsync("get_application", new { name = "app" })).AssertOk().Json;
        var listed = (await Frontend.PostAsync("get_all_applications", new { verbose = true })).AssertOk().Json[0];
        foreach (var answer in new[] { app, listed })
        {
            Assert.Equal(["input_type", "default_output", "latency_slo_micros", "name", "linked_models", "policy", "links"], answer.EnumerateObject().Select(p => p.Name));
            Assert.Equal("ensemble", answer.GetProperty("policy").GetString());
            Assert.Equal(
                """[{"model_name":"m","weight":1,"shadow_percent":0},{"model_name":"n","weight":3,"shadow_percent":0},{"model_name":"o","weight":1,"shadow_percent":25}]""",
                answer.GetProperty("links").GetRawText());
        }
    }

    [Fact]
    public async Task AddModelLinks_AfterSetModelLinkAddedASecondModel_KeepsClippersRefusals()
    {
        await Frontend.AddAppAsync("app");
        await Frontend.AddModelAsync("m", "1");
        await Frontend.AddModelAsync("n", "1");
        await Frontend.AddModelAsync("o", "1");
        await Frontend.LinkAsync("app", "m");
        (await Frontend.PostAsync("set_model_link", new { app_name = "app", model_name = "n" })).AssertOk();

        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "o" } }))
            .AssertBadRequest("A model with name m is already linked to 'app'.", "field: model_names", "rule: one-model-per-app");
        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "n" } }))
            .AssertBadRequest("The model with name 'n' is already linked to 'app'", "rule: not-already-linked");
        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "o", "n" } }))
            .AssertBadRequest("Applications must be linked with at most one model. Attempted to add links to 2 models.");
        (await Frontend.PostAsync("delete_model_links", new { app_name = "app", model_names = new[] { "m", "n" } })).AssertOk();
        Assert.Equal("[]", (await Frontend.PostAsync("get_application", new { name = "app" })).Json.GetProperty("links").GetRawText());
    }

    [Theory]
    [InlineData("""{"model_name": "m"}""", "JSON object does not have required key: app_name")]
    [InlineData("""{"app_name": "app"}""", "JSON object does not have required key: model_name")]
    [InlineData("""{"app_name": "app", "model_name": "m", "weight": "2"}""", "JSON key weight expected type Number but found type String")]
    [InlineData("""{"app_name": "app", "model_name": "m", "weight": 1.5}""", "JSON key weight expected an integer but found 1.5")]
    [InlineData("""{"app_name": "app", "model_name": "m", "weight": -1}""", "Invalid weight -1: a link's weight must be 0 (linked, but sent no queries) to 1000000", "field: weight")]
    [InlineData("""{"app_name": "app", "model_name": "m", "weight": 1000001}""", "Invalid weight 1000001", "field: weight")]
    [InlineData("""{"app_name": "app", "model_name": "m", "weight": 99999999999}""", "Invalid weight 99999999999", "field: weight")]
    [InlineData("""{"app_name": "app", "model_name": "m", "shadow_percent": true}""", "JSON key shadow_percent expected type Number but found type True")]
    [InlineData("""{"app_name": "app", "model_name": "m", "shadow_percent": 101}""", "Invalid shadow_percent 101: it must be 0 (a served link) or 1 to 100", "field: shadow_percent")]
    [InlineData("""{"app_name": "app", "model_name": "m", "shadow_percent": -5}""", "Invalid shadow_percent -5", "field: shadow_percent")]
    [InlineData("""{"app_name": "app", "model_name": "Bad Name"}""", "Invalid model name 'Bad Name'", "field: model_name")]
    [InlineData("""{"app_name": "nope", "model_name": "m"}""", "No app with name 'nope' exists.", "field: app_name", "rule: must-exist")]
    [InlineData("""{"app_name": "app", "model_name": "nope"}""", "No model with name 'nope' exists.", "field: model_name", "rule: must-exist")]
    [InlineData("""{"app_name": "app", "model_name": "texts"}""", "Model with name 'texts' has incompatible input_type 'strings'. Requested app to link to has input_type 'doubles'.", "field: model_name")]
    public async Task SetModelLink_BadField_IsRefusedNamingIt(string body, params string[] expected)
    {
        await Frontend.AddAppAsync("app");
        await Frontend.AddModelAsync("m", "1");
        await Frontend.AddModelAsync("texts", "1", "strings");

        (await Frontend.PostAsync("set_model_link", body)).AssertBadRequest(expected);
        Assert.Equal("[]", (await Frontend.PostAsync("get_linked_models", new { app_name = "app" })).Body);
    }

    [Theory]
    [InlineData("""{"app_name": "app"}""", "JSON object does not have required key: policy", "\"policy\" := \"split\" | \"ensemble\" | \"exp3\" | \"exp4\"")]
    [InlineData("""{"app_name": "app", "policy": 2}""", "JSON key policy expected type String but found type Number")]
    [InlineData("""{"app_name": "app", "policy": "Split"}""", "Invalid policy 'Split': expected one of split, ensemble, exp3, exp4", "field: policy")]
    [InlineData("""{"app_name": "nope", "policy": "exp3"}""", "No application with name 'nope' exists.", "field: app_name")]
    public async Task SetAppPolicy_BadField_IsRefusedNamingIt(string body, params string[] expected)
    {
        await Frontend.AddAppAsync("app");

        (await Frontend.PostAsync("set_app_policy", body)).AssertBadRequest(expected);
        Assert.Equal("split", (await Frontend.PostAsync("get_application", new { name = "app" })).Json.GetProperty("policy").GetString());
    }

    [Fact]
    public async Task SetAppPolicy_KnownPolicy_AnswersAndIsShown()
    {
        await Frontend.AddAppAsync("app");

        var response = (await Frontend.PostAsync("set_app_policy", new { app_name = "app", policy = "exp3" })).AssertOk();

        Assert.Equal("Application 'app' now selects its models with policy 'exp3'", response.Body);
        Assert.Equal("exp3", (await Frontend.PostAsync("get_application", new { name = "app" })).Json.GetProperty("policy").GetString());
    }

    [Fact]
    public async Task AddModel_CacheBytes_IsKeptAndAnsweredBesideClippersFields()
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(ManagementFrontendHost.ModelBody("m", "1"))!.AsObject();
        body["cache_bytes"] = 0;
        (await Frontend.PostAsync("add_model", body.ToJsonString())).AssertOk();
        await Frontend.AddModelAsync("n", "1");

        var m = (await Frontend.PostAsync("get_model", new { model_name = "m", model_version = "1" })).AssertOk().Json;
        var all = (await Frontend.PostAsync("get_all_models", new { verbose = true })).AssertOk().Json;

        Assert.Equal(
            ["model_name", "model_version", "input_type", "labels", "container_name", "model_data_path", "batch_size", "is_current_version", "cache_bytes"],
            m.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, m.GetProperty("cache_bytes").GetInt64());
        Assert.Equal([0L, 33554432L], all.EnumerateArray().Select(model => model.GetProperty("cache_bytes").GetInt64()));
    }

    [Theory]
    [InlineData("-1", "Invalid cache_bytes -1: the prediction cache's bound must be 0 (no cache) to 17179869184 bytes (16 GiB)", "field: cache_bytes")]
    [InlineData("17179869185", "Invalid cache_bytes 17179869185", "field: cache_bytes")]
    [InlineData("\"32M\"", "JSON key cache_bytes expected type Number but found type String")]
    [InlineData("1e3", "JSON key cache_bytes expected an integer but found 1e3")]
    public async Task AddModel_BadCacheBytes_IsRefusedNamingIt(string value, params string[] expected)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(ManagementFrontendHost.ModelBody("m", "1"))[..^1] + ",\"cache_bytes\":" + value + "}";

        (await Frontend.PostAsync("add_model", body)).AssertBadRequest(expected);
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_models", new { verbose = false })).Body);
    }
}
