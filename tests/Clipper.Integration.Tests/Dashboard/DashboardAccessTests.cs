using System.Net;
using System.Text.RegularExpressions;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;

namespace Clipper.Integration.Tests.Dashboard;

/// <summary>
/// The dashboard honours the admin access rules: its page holds no data; what it shows comes from the /admin operations,
/// which a browser beyond loopback reaches only with the cluster's admin token. Loaded in real headless Chromium from this
/// machine's non-loopback address, against a management frontend bound to every interface.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class DashboardAccessTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan s_scriptTime = TimeSpan.FromSeconds(4);
    private readonly ClusterToken _token = ClusterToken.Create();

    [Fact]
    public async Task Page_FromBeyondLoopbackWithoutToken_AsksForItAndShowsNothing()
    {
        await using var frontend = await StartAsync();
        await frontend.AddAppAsync("guarded");

        var dom = await HeadlessChromium.DumpDomAsync(new Uri(Beyond(frontend), "dashboard"), s_scriptTime);

        Assert.Matches(TokenFormShown(), dom);
        Assert.Contains("needs the cluster's admin token", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("data-app=\"guarded\"", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_WithTheTokenInTheFragment_ShowsTheClusterAndForgetsTheFragment()
    {
        await using var frontend = await StartAsync();
        await frontend.AddAppAsync("guarded");

        var dom = await HeadlessChromium.DumpDomAsync(new Uri(Beyond(frontend), "dashboard#token=" + _token.Value), s_scriptTime);

        Assert.Contains("data-app=\"guarded\"", dom, StringComparison.Ordinal);
        Assert.DoesNotMatch(TokenFormShown(), dom);
        Assert.DoesNotContain(_token.Value, dom, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dashboard", "text/html")]
    [InlineData("dashboard/", "text/html")]
    [InlineData("dashboard/app.js", "text/javascript")]
    [InlineData("dashboard/style.css", "text/css")]
    public async Task Assets_AreServedWithoutCredentialUnderAStrictContentPolicy(string path, string mediaType)
    {
        await using var frontend = await StartAsync();
        using var http = new HttpClient { Timeout = TestTimeouts.Default };

        using var response = await http.GetAsync(new Uri(Beyond(frontend), path)).WithTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task UnknownAsset_Is404()
    {
        await using var frontend = await StartAsync();
        using var http = new HttpClient { Timeout = TestTimeouts.Default };

        using var response = await http.GetAsync(new Uri(frontend.BaseAddress, "dashboard/secrets.json")).WithTimeout();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<ManagementFrontendHost> StartAsync() =>
        ManagementFrontendHost.StartAsync(redis.Server.Address, configure: options =>
        {
            options.BindAddress = "0.0.0.0";
            options.AdminToken = _token;
        }).WithTimeout();

    private static Uri Beyond(ManagementFrontendHost frontend) => new($"http://{LocalAddresses.NonLoopbackIPv4()}:{frontend.BaseAddress.Port}/");

    // The form without its hidden attribute: Chromium serializes a hidden form as <form id="token-form" hidden="">.
    [GeneratedRegex("""<form id="token-form">""")]
    private static partial Regex TokenFormShown();
}
