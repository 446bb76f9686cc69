using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

public sealed class ApplicationEndpointTests(RedisFixture redis) : ManagementTestBase(redis)
{
    [Fact]
    public async Task AddApp_NewName_SucceedsWithClippersMessage()
    {
        var response = await Frontend.PostAsync("add_app", new { name = "my-app", input_type = "doubles", default_output = "-1.0", latency_slo_micros = 100000 });

        response.AssertOk();
        Assert.Equal("Successfully added application with name 'my-app'", response.Body);
    }

    [Fact]
    public async Task GetApplication_ReturnsClippersFields()
    {
        await Frontend.AddAppAsync("my-app", inputType: "ints", sloMicros: 20000, defaultOutput: "none");

        var app = (await Frontend.PostAsync("get_application", new { name = "my-app" })).AssertOk().Json;

        Assert.Equal("integers", app.GetProperty("input_type").GetString());
        Assert.Equal("none", app.GetProperty("default_output").GetString());
        Assert.Equal(20000, app.GetProperty("latency_slo_micros").GetInt64());
        Assert.Equal("my-app", app.GetProperty("name").GetString());
        Assert.Equal(0, app.GetProperty("linked_models").GetArrayLength());
    }

    [Fact]
    public async Task GetApplication_UnknownApp_AnswersAnEmptyObjectAsClipperDoes()
    {
        var response = (await Frontend.PostAsync("get_application", new { name = "nope" })).AssertOk();

        Assert.Equal("{}", response.Body);
        Assert.Equal("application/json", response.MediaType);
    }

    [Fact]
    public async Task GetAllApplications_ListsNamesOrFullRecordsWhenVerbose()
    {
        await Frontend.AddAppAsync("b-app");
        await Frontend.AddAppAsync("a-app");

        var names = (await Frontend.PostAsync("get_all_applications", new { verbose = false })).AssertOk();
        var verbose = (await Frontend.PostAsync("get_all_applications", new { verbose = true })).AssertOk().Json;

        Assert.Equal("[\"a-app\",\"b-app\"]", names.Body);
        Assert.Equal(["a-app", "b-app"], verbose.EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.All(verbose.EnumerateArray(), a => Assert.Equal(JsonValueKind.Array, a.GetProperty("linked_models").ValueKind));
    }

    [Fact]
    public async Task GetAllApplications_NoApps_AnswersAnEmptyArray()
    {
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_applications", new { verbose = true })).AssertOk().Body);
    }

    [Fact]
    public async Task AddApp_ExistingName_IsRefused()
    {
        await Frontend.AddAppAsync("my-app");

        (await Frontend.PostAsync("add_app", new { name = "my-app", input_type = "strings", default_output = "x", latency_slo_micros = 5 }))
            .AssertBadRequest("application 'my-app' already exists", "field: name", "rule: unique");
        Assert.Equal("doubles", (await Frontend.PostAsync("get_application", new { name = "my-app" })).Json.GetProperty("input_type").GetString());
    }

    [Theory]
    [InlineData("My-App")]
    [InlineData("my_app")]
    [InlineData("-app")]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task AddApp_NameNotADnsLabel_IsRefused(string name)
    {
        (await Frontend.PostAsync("add_app", new { name, input_type = "doubles", default_output = "-1", latency_slo_micros = 1000 }))
            .AssertBadRequest("field: name", "rule: dns-1123-label", "[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        Assert.Equal("[]", (await Frontend.PostAsync("get_all_applications", new { verbose = false })).Body);
    }

    [Fact]
    public async Task AddApp_UnknownInputType_IsRefusedListingTheAcceptedNames()
    {
        (await Frontend.PostAsync("add_app", new { name = "app", input_type = "tensor", default_output = "-1", latency_slo_micros = 1000 }))
            .AssertBadRequest("'tensor'", "field: input_type", "rule: known-input-type", "integers|ints");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public async Task AddApp_LatencySloNotPositive_IsRefused(long slo)
    {
        (await Frontend.PostAsync("add_app", new { name = "app", input_type = "doubles", default_output = "-1", latency_slo_micros = slo }))
            .AssertBadRequest("field: latency_slo_micros", "rule: positive-latency-slo");
    }

    [Fact]
    public async Task DeleteApp_RemovesTheApp()
    {
        await Frontend.AddAppAsync("my-app");

        var response = (await Frontend.PostAsync("delete_app", new { name = "my-app" })).AssertOk();

        Assert.Equal("Successfully deleted application with name 'my-app'", response.Body);
        Assert.Equal("{}", (await Frontend.PostAsync("get_application", new { name = "my-app" })).Body);
    }

    [Fact]
    public async Task DeleteApp_UnknownApp_IsRefused()
    {
        (await Frontend.PostAsync("delete_app", new { name = "nope" }))
            .AssertBadRequest("Application 'nope' does not exist", "field: name", "rule: must-exist");
    }
}
