using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

public sealed class AtomicityTests(RedisFixture redis) : ManagementTestBase(redis)
{
    [Fact]
    public async Task AddApp_ConcurrentCallsForOneName_ExactlyOneSucceeds()
    {
        var bodies = Enumerable.Range(0, 10).Select(i => new { name = "app", input_type = i % 2 == 0 ? "doubles" : "strings", default_output = "d" + i, latency_slo_micros = 1000 + i });

        var responses = await Task.WhenAll(bodies.Select(b => Frontend.PostAsync("add_app", b))).WithTimeout();

        Assert.Single(responses, r => r.Status == System.Net.HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != System.Net.HttpStatusCode.OK), r => r.AssertBadRequest("application 'app' already exists"));
    }

    [Fact]
    public async Task AddModelLinks_ConcurrentCallsForDifferentModels_LinkExactlyOne()
    {
        await Frontend.AddAppAsync("app");
        var models = Enumerable.Range(0, 5).Select(i => "m" + i).ToArray();
        foreach (var model in models)
        {
            await Frontend.AddModelAsync(model, "1");
        }

        var responses = await Task.WhenAll(models.Select(m => Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { m } }))).WithTimeout();

        Assert.Single(responses, r => r.Status == System.Net.HttpStatusCode.OK);
        Assert.Single((await Frontend.PostAsync("get_linked_models", new { app_name = "app" })).Json.EnumerateArray());
    }

    [Fact]
    public async Task Post_RefusedChanges_LeaveEveryListingUnchanged()
    {
        await Frontend.AddAppAsync("app", "doubles");
        await Frontend.AddModelAsync("m", "1", "doubles");
        await Frontend.AddModelAsync("s", "1", "strings");
        await Frontend.LinkAsync("app", "m");
        var before = await SnapshotAsync();

        (await Frontend.PostAsync("add_model_links", new { app_name = "app", model_names = new[] { "m", "s" } })).AssertBadRequest();
        (await Frontend.PostAsync("add_model", ManagementFrontendHost.ModelBody("m", "2", "strings"))).AssertBadRequest();
        (await Frontend.PostAsync("set_model_version", new { model_name = "m", model_version = "7" })).AssertBadRequest();
        (await Frontend.PostAsync("delete_model_links", new { app_name = "app", model_names = new[] { "m", "s" } })).AssertBadRequest();
        (await Frontend.PostAsync("add_app", new { name = "app", input_type = "strings", default_output = "x", latency_slo_micros = 1 })).AssertBadRequest();

        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task<string> SnapshotAsync() =>
        (await Frontend.PostAsync("get_all_applications", new { verbose = true })).Body + (await Frontend.PostAsync("get_all_models", new { verbose = true })).Body;
}
