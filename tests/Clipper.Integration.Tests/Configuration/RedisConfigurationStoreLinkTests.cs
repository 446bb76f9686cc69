using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Protocol;
using StackExchange.Redis;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>Several models per application in the store: link options, selection policies, and what Clipper's add_model_links still refuses.</summary>
public sealed class RedisConfigurationStoreLinkTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _prefix = TestKeys.NewPrefix();
    private readonly List<ConnectionMultiplexer> _connections = [];
    private RedisConfigurationStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = StoreFactory.Connect(redis.Server, _prefix);
        await _store.AddApplicationAsync(StoreFactory.App("app")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("m", "1")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("n", "1")).AssertApplied();
        await _store.AddModelVersionAsync(StoreFactory.Model("o", "1")).AssertApplied();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync().AsTask().WithTimeout();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().AsTask().WithTimeout();
        }
    }

    [Fact]
    public async Task SetModelLinkAsync_SecondAndThirdModel_LinksThemWithTheirOptions()
    {
        await _store.AddModelLinksAsync("app", ["m"]).AssertApplied();

        await _store.SetModelLinkAsync("app", new ModelLink { Model = "n", Weight = 3 }).AssertApplied();
        await _store.SetModelLinkAsync("app", new ModelLink { Model = "o", Weight = 0, ShadowPercent = 20 }).AssertApplied();
        var app = (await _store.LoadAsync().WithTimeout()).Applications["app"];

        Assert.Equal(["m", "n", "o"], app.LinkedModels.ToArray());
        Assert.Equal(ModelLink.Default("m"), app.GetLink("m"));
        Assert.Equal(new ModelLink { Model = "n", Weight = 3 }, app.GetLink("n"));
        Assert.Equal(new ModelLink { Model = "o", Weight = 0, ShadowPercent = 20 }, app.GetLink("o"));
        Assert.True(app.GetLink("o").IsShadow);
        Assert.Equal(SelectionPolicy.Split, app.Policy);
    }

    [Fact]
    public async Task SetModelLinkAsync_LinkedModel_ChangesOnlyItsOptions()
    {
        await _store.SetModelLinkAsync("app", new ModelLink { Model = "m", ShadowPercent = 100 }).AssertApplied();

        await _store.SetModelLinkAsync("app", new ModelLink { Model = "m", Weight = 7 }).AssertApplied();
        var app = (await _store.LoadAsync().WithTimeout()).Applications["app"];

        Assert.Equal(["m"], app.LinkedModels.ToArray());
        Assert.Equal(new ModelLink { Model = "m", Weight = 7 }, Assert.Single(app.LinkOptions));
    }

    [Theory]
    [InlineData(-1, 0, "weight", "Invalid weight -1: a link's weight must be 0 (linked, but sent no queries) to 1000000")]
    [InlineData(1_000_001, 0, "weight", "Invalid weight 1000001: a link's weight must be 0 (linked, but sent no queries) to 1000000")]
    [InlineData(1, -1, "shadow_percent", "Invalid shadow_percent -1: it must be 0 (a served link) or 1 to 100")]
    [InlineData(1, 101, "shadow_percent", "Invalid shadow_percent 101: it must be 0 (a served link) or 1 to 100")]
    public async Task SetModelLinkAsync_OptionOutOfRange_IsRefusedNamingItAndNothingIsWritten(int weight, int shadowPercent, string field, string message)
    {
        var error = await _store.SetModelLinkAsync("app", new ModelLink { Model = "m", Weight = weight, ShadowPercent = shadowPercent })
            .AssertRefused(ConfigurationErrorCode.InvalidValue);

        Assert.Equal(field, error.Field);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Empty((await _store.LoadAsync().WithTimeout()).Applications["app"].LinkedModels);
    }

    [Fact]
    public async Task SetModelLinkAsync_UnknownAppOrModelOrOtherType_IsRefusedWithClippersTexts()
    {
        await _store.AddModelVersionAsync(StoreFactory.Model("texts", "1", InputType.Strings)).AssertApplied();
        var revision = (await _store.LoadAsync().WithTimeout()).Revision;

        var noApp = await _store.SetModelLinkAsync("nope", ModelLink.Default("m")).AssertRefused(ConfigurationErrorCode.NotFound);
        var noModel = await _store.SetModelLinkAsync("app", ModelLink.Default("nope")).AssertRefused(ConfigurationErrorCode.NotFound);
        var otherType = await _store.SetModelLinkAsync("app", ModelLink.Default("texts")).AssertRefused(ConfigurationErrorCode.InputTypeMismatch);
        var badName = await _store.SetModelLinkAsync("app", ModelLink.Default("Bad Name")).AssertRefused(ConfigurationErrorCode.InvalidName);

        Assert.Equal("No app with name 'nope' exists. [field: app_name, rule: must-exist]", noApp.ToString());
        Assert.Equal("No model with name 'nope' exists. [field: model_name, rule: must-exist]", noModel.ToString());
        Assert.Equal("Model with name 'texts' has incompatible input_type 'strings'. Requested app to link to has input_type 'doubles'.", otherType.Message);
        Assert.Equal("model_name", badName.Field);
        Assert.Equal(revision, (await _store.LoadAsync().WithTimeout()).Revision);
    }

    [Fact]
    public async Task AddModelLinksAsync_AfterSetModelLinkLinkedTwo_StillRefusesWithClippersTexts()
    {
        await _store.SetModelLinkAsync("app", ModelLink.Default("m")).AssertApplied();
        await _store.SetModelLinkAsync("app", ModelLink.Default("n")).AssertApplied();

        var another = await _store.AddModelLinksAsync("app", ["o"]).AssertRefused(ConfigurationErrorCode.OneModelPerApplication);
        var linked = await _store.AddModelLinksAsync("app", ["n"]).AssertRefused(ConfigurationErrorCode.AlreadyLinked);
        var two = await _store.AddModelLinksAsync("app", ["o", "m"]).AssertRefused(ConfigurationErrorCode.OneModelPerApplication);

        Assert.Equal("A model with name m is already linked to 'app'.", another.Message);
        Assert.Equal("The model with name 'n' is already linked to 'app'", linked.Message);
        Assert.Equal("Applications must be linked with at most one model. Attempted to add links to 2 models.", two.Message);
        Assert.Equal(["m", "n"], (await _store.LoadAsync().WithTimeout()).Applications["app"].LinkedModels.ToArray());
    }

    [Fact]
    public async Task DeleteModelLinksAsync_DeletesTheLinksOptions_SoALaterLinkStartsFromTheDefault()
    {
        var database = await ConnectAsync();
        await _store.SetModelLinkAsync("app", new ModelLink { Model = "m", Weight = 5 }).AssertApplied();
        await _store.SetModelLinkAsync("app", new ModelLink { Model = "n", ShadowPercent = 50 }).AssertApplied();

        await _store.DeleteModelLinksAsync("app", ["m"]).AssertApplied();

        Assert.Equal(["n"], (await database.HashKeysAsync(_prefix + "link-options:app")).Select(k => k.ToString()));
        await _store.AddModelLinksAsync("app", ["m"]).AssertRefused(ConfigurationErrorCode.OneModelPerApplication);
        await _store.DeleteModelLinksAsync("app", ["n"]).AssertApplied();
        Assert.False(await database.KeyExistsAsync(_prefix + "link-options:app"));
        await _store.AddModelLinksAsync("app", ["m"]).AssertApplied();
        Assert.Equal(ModelLink.Default("m"), (await _store.LoadAsync().WithTimeout()).Applications["app"].GetLink("m"));
    }

    [Fact]
    public async Task DeleteApplicationAsync_DeletesLinkOptionsAndLearnedState()
    {
        var database = await ConnectAsync();
        await _store.SetModelLinkAsync("app", new ModelLink { Model = "m", Weight = 5 }).AssertApplied();
        await database.HashIncrementAsync(_prefix + "policy-state:app", "m", 0.5);

        await _store.DeleteApplicationAsync("app").AssertApplied();

        Assert.False(await database.KeyExistsAsync(_prefix + "link-options:app"));
        Assert.False(await database.KeyExistsAsync(_prefix + "policy-state:app"));
        Assert.False(await database.KeyExistsAsync(_prefix + "links:app"));
    }

    [Fact]
    public async Task SetSelectionPolicyAsync_RoundTripsAndRefusesUnknownAppOrPolicy()
    {
        await _store.SetSelectionPolicyAsync("app", SelectionPolicy.Exp4).AssertApplied();
        Assert.Equal(SelectionPolicy.Exp4, (await _store.LoadAsync().WithTimeout()).Applications["app"].Policy);
        Assert.Equal("exp4", (await (await ConnectAsync()).HashGetAsync(_prefix + "app:app", "policy")).ToString());

        var noApp = await _store.SetSelectionPolicyAsync("nope", SelectionPolicy.Ensemble).AssertRefused(ConfigurationErrorCode.NotFound);
        var unknown = await _store.SetSelectionPolicyAsync("app", (SelectionPolicy)9).AssertRefused(ConfigurationErrorCode.InvalidValue);

        Assert.Equal("No application with name 'nope' exists.", noApp.Message);
        Assert.Equal("Invalid policy '9': expected one of split, ensemble, exp3, exp4 [field: policy, rule: valid-value]", unknown.ToString());
        Assert.Equal(SelectionPolicy.Exp4, (await _store.LoadAsync().WithTimeout()).Applications["app"].Policy);
    }

    [Fact]
    public async Task LinkChanges_EachPublishesOnTheChangeChannel()
    {
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var two = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await _store.SubscribeAsync(message =>
        {
            messages.Enqueue(message);
            if (messages.Count == 2)
            {
                two.TrySetResult();
            }
        }).WithTimeout();

        await _store.SetModelLinkAsync("app", ModelLink.Default("n")).AssertApplied();
        await _store.SetSelectionPolicyAsync("app", SelectionPolicy.Exp3).AssertApplied();
        await two.Task.WithTimeout();

        Assert.Equal(["set_model_link app n", "set_app_policy app exp3"], messages);
    }

    private async Task<IDatabase> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Address).WithTimeout();
        _connections.Add(connection);
        return connection.GetDatabase();
    }
}
