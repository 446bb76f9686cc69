using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

public sealed class LinkEndpointTests(RedisFixture redis) : ManagementTestBase(redis)
{
    [Fact]
    public async Task AddModelLinks_LinksTheModel()
    {
        await Frontend.AddAppAsync("app");
        await Frontend.AddModelAsync("m", "1");

        var response = (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "m" } })).AssertOk();

        Assert.Equal("Successfully linked model with name 'm' to application 'app'", response.Body);
        Assert.Equal("[\"m\"]", (await Frontend.PostAsync("get_linked_models", new { app_name = "app" })).AssertOk().Body);
        Assert.Equal(["m"], (await Frontend.PostAsync("get_application", new { name = "app" })).Json.GetProperty("linked_models").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task AddModelLinks_InputTypeMismatch_IsRefused()
    {
        await Frontend.AddAppAsync("app", "doubles");
        await Frontend.AddModelAsync("m", "1", "strings");

        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "m" } }))
            .AssertBadRequest("Model with name 'm' has incompatible input_type 'strings'. Requested app to link to has input_type 'doubles'.", "field: model_names", "rule: same-input-type");
        Assert.Equal("[]", (await Frontend.PostAsync("get_linked_models", new { app_name = "app" })).Body);
    }

    [Fact]
    public async Task AddModelLinks_ASecondModel_IsRefused()
    {
        await Frontend.AddAppAsync("app");
        await Frontend.AddModelAsync("m", "1");
        await Frontend.AddModelAsync("n", "1");
        await Frontend.LinkAsync("app", "m");

        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "n" } }))
            .AssertBadRequest("A model with name m is already linked to 'app'.", "field: model_names", "rule: one-model-per-app");
        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "m" } }))
            .AssertBadRequest("The model with name 'm' is already linked to 'app'", "rule: not-already-linked");
        Assert.Equal("[\"m\"]", (await Frontend.PostAsync("get_linked_models", new { app_name = "app" })).Body);
    }

    [Fact]
    public async Task AddModelLinks_TwoModelsAtOnce_IsRefusedAndLinksNeither()
    {
        await Frontend.AddAppAsync("app");
        await Frontend.AddModelAsync("m", "1");
        await Frontend.AddModelAsync("n", "1");

        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "m", "n" } }))
            .AssertBadRequest("Applications must be linked with at most one model. Attempted to add links to 2 models.", "rule: one-model-per-app");
        Assert.Equal("[]", (await Frontend.PostAsync("get_linked_models", new { app_name = "app" })).Body);
    }

    [Fact]
    public async Task AddModelLinks_NoModel_IsRefused()
    {
        await Frontend.AddAppAsync("app");

        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = Array.Empty<string>() }))
            .AssertBadRequest("Please provide the name of the model that you want to link to the application 'app'", "field: model_names");
    }

    [Fact]
    public async Task AddModelLinks_UnknownAppOrModel_IsRefused()
    {
        await Frontend.AddAppAsync("app");
        await Frontend.AddModelAsync("m", "1");

        (await Frontend.PostAsync("add_model_links", new { app_name = "nope", model_names = new[] { "m" } }))
            .AssertBadRequest("No app with name 'nope' exists.", "field: app_name", "rule: must-exist");
        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "nope" } }))
            .AssertBadRequest("No model with name 'nope' exists.", "field: model_names", "rule: must-exist");
    }

    [Fact]
    public async Task DeleteModelLinks_RemovesTheLink()
    {
        await Frontend.AddAppAsync("app");
        await Frontend.AddModelAsync("m", "1");
        await Frontend.LinkAsync("app", "m");

        var response = (await Frontend.PostAsync("delete_model_links", new { app_name = "app", model_names = new[] { "m" } })).AssertOk();

        Assert.Equal("Success!", response.Body);
        Assert.Equal("[]", (await Frontend.PostAsync("get_linked_models", new { app_name = "app" })).Body);
    }

    [Fact]
    public async Task DeleteModelLinks_NonexistentLinkOrApp_IsRefused()
    {
        await Frontend.AddAppAsync("app");

        (await Frontend.PostAsync("delete_model_links", new { app_name = "app", model_names = new[] { "m" } }))
            .AssertBadRequest("Cannot remove nonexistent link between app app and model m", "field: model_names", "rule: link-must-exist");
        (await Frontend.PostAsync("delete_model_links", new { app_name = "nope", model_names = new[] { "m" } }))
            .AssertBadRequest("No app with name 'nope' exists.", "field: app_name");
    }

    [Fact]
    public async Task GetLinkedModels_UnknownApp_IsRefused()
    {
        (await Frontend.PostAsync("get_linked_models", new { app_name = "nope" }))
            .AssertBadRequest("No application with name 'nope' exists.", "field: app_name", "rule: must-exist");
    }
}
