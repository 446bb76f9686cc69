using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

public sealed class ModelEndpointTests(RedisFixture redis) : ManagementTestBase(redis)
{
    [Fact]
    public async Task AddModel_NewModel_SucceedsAndTheVersionIsCurrent()
    {
        var response = (await Frontend.PostAsync("add_model", ManagementFrontendHost.ModelBody("m", "1", "d", 16, ["l1", "l2"]))).AssertOk();

        Assert.Equal("Successfully added model with name 'm' and input type 'doubles'", response.Body);
        var model = (await Frontend.PostAsync("get_model", new { model_name = "m", model_version = "1" })).AssertOk().Json;
        Assert.Equal("m", model.GetProperty("model_name").GetString());
        Assert.Equal("1", model.GetProperty("model_version").GetString());
        Assert.Equal("doubles", model.GetProperty("input_type").GetString());
        Assert.Equal(["l1", "l2"], model.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("clipper/noop-container:latest", model.GetProperty("container_name").GetString());
        Assert.Equal("/tmp/model", model.GetProperty("model_data_path").GetString());
        Assert.Equal(16, model.GetProperty("batch_size").GetInt32());
        Assert.True(model.GetProperty("is_current_version").GetBoolean());
    }

    [Fact]
    public async Task AddModel_NewVersion_BecomesCurrentAndSetModelVersionRollsBack()
    {
        await Frontend.AddModelAsync("m", "1");
        await Frontend.AddModelAsync("m", "2");
        Assert.True(await IsCurrentAsync("m", "2"));
        Assert.False(await IsCurrentAsync("m", "1"));

        var response = (await Frontend.PostAsync("set_model_version", new { model_name = "m", model_version = "1" })).AssertOk();

        Assert.Equal("Successfully set model with name 'm' to version '1'", response.Body);
        Assert.True(await IsCurrentAsync("m", "1"));
        Assert.False(await IsCurrentAsync("m", "2"));
    }

    [Fact]
    public async Task GetAllModels_ListsNameColonVersionOrFullRecordsWhenVerbose()
    {
        await Frontend.AddModelAsync("m", "1");
        await Frontend.AddModelAsync("m", "2");
        await Frontend.AddModelAsync("a", "7");

        var names = (await Frontend.PostAsync("get_all_models", new { verbose = false })).AssertOk();
        var verbose = (await Frontend.PostAsync("get_all_models", new { verbose = true })).AssertOk().Json;

        Assert.Equal("[\"a:7\",\"m:1\",\"m:2\"]", names.Body);
        Assert.Equal(3, verbose.GetArrayLength());
        Assert.Equal(2, verbose.EnumerateArray().Count(m => m.GetProperty("is_current_version").GetBoolean()));
    }

    [Fact]
    public async Task GetModel_Unknown_AnswersAnEmptyObject()
    {
        Assert.Equal("{}", (await Frontend.PostAsync("get_model", new { model_name = "m", model_version = "1" })).AssertOk().Body);
    }

    [Fact]
    public async Task AddModel_ExistingVersion_IsRefused()
    {
        await Frontend.AddModelAsync("m", "1");

        (await Frontend.PostAsync("add_model", ManagementFrontendHost.ModelBody("m", "1", "strings")))
            .AssertBadRequest("model with name 'm' and version '1' already exists", "field: model_version", "rule: unique");
    }

    [Theory]
    [InlineData("Model", "1", "model_name")]
    [InlineData("m", "V1", "model_version")]
    [InlineData("m", "1.0", "model_version")]
    [InlineData("m_1", "1", "model_name")]
    public async Task AddModel_NameOrVersionNotADnsLabel_IsRefused(string name, string version, string field)
    {
        (await Frontend.PostAsync("add_model", ManagementFrontendHost.ModelBody(name, version)))
            .AssertBadRequest($"field: {field}", "rule: dns-1123-label");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public async Task AddModel_InvalidBatchSize_IsRefused(int batchSize)
    {
        (await Frontend.PostAsync("add_model", ManagementFrontendHost.ModelBody("m", "1", batchSize: batchSize)))
            .AssertBadRequest("The batch size must be positive or DEFAULT_BATCH_SIZE, which is -1", "field: batch_size", "rule: positive-or-adaptive-batch-size");
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_models", new { verbose = false })).Body);
    }

    [Fact]
    public async Task AddModel_UnknownInputType_IsRefused()
    {
        (await Frontend.PostAsync("add_model", ManagementFrontendHost.ModelBody("m", "1", "images")))
            .AssertBadRequest("'images'", "field: input_type", "rule: known-input-type");
    }

    [Fact]
    public async Task SetModelVersion_UnknownModelOrVersion_IsRefused()
    {
        (await Frontend.PostAsync("set_model_version", new { model_name = "m", model_version = "1" }))
            .AssertBadRequest("Cannot set version for nonexistent model 'm'", "field: model_name", "rule: must-exist");
        await Frontend.AddModelAsync("m", "1");
        (await Frontend.PostAsync("set_model_version", new { model_name = "m", model_version = "9" }))
            .AssertBadRequest("Cannot set non-existent version '9' for model with name 'm'", "field: model_version", "rule: must-exist");
    }

    [Fact]
    public async Task DeleteVersionedModel_RemovesTheVersion()
    {
        await Frontend.AddModelAsync("m", "1");
        await Frontend.AddModelAsync("m", "2");

        var response = (await Frontend.PostAsync("delete_versioned_model", new { model_name = "m", model_version = "1" })).AssertOk();

        Assert.Equal("Successfully deleted model with name 'm' and version '1'", response.Body);
        Assert.Equal("[\"m:2\"]", (await Frontend.PostAsync("get_all_models", new { verbose = false })).Body);
        Assert.True(await IsCurrentAsync("m", "2"));
    }

    [Fact]
    public async Task DeleteVersionedModel_Unknown_IsRefused()
    {
        (await Frontend.PostAsync("delete_versioned_model", new { model_name = "m", model_version = "1" }))
            .AssertBadRequest("model with name 'm' and version '1' does not exist", "field: model_version", "rule: must-exist");
    }

    [Fact]
    public async Task AddModel_NewVersionOfALinkedModelWithAnotherInputType_IsRefusedAndChangesNothing()
    {
        await Frontend.AddAppAsync("app", "doubles");
        await Frontend.AddModelAsync("m", "1", "doubles");
        await Frontend.LinkAsync("app", "m");

        (await Frontend.PostAsync("add_model", ManagementFrontendHost.ModelBody("m", "2", "strings")))
            .AssertBadRequest("Model with name 'm' is already linked to app 'app' using input type 'doubles'", "field: input_type", "rule: same-input-type");

        Assert.Equal("[\"m:1\"]", (await Frontend.PostAsync("get_all_models", new { verbose = false })).Body);
        Assert.True(await IsCurrentAsync("m", "1"));
    }

    private async Task<bool> IsCurrentAsync(string name, string version) =>
        (await Frontend.PostAsync("get_model", new { model_name = name, model_version = version })).AssertOk().Json.GetProperty("is_current_version").GetBoolean();
}
