using System.Net;
using System.Text;
using System.Text.Json;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Predictions for known applications are served ahead of the router; the paths it matched before answer as they did.
/// </summary>
public sealed class PredictPathTests : IAsyncLifetime
{
    private ServingCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ServingCluster.StartAsync();
        await _cluster.DeployAsync("app", "absent", "1", "doubles", defaultOutput: "none");
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData("/app/predict")]
    [InlineData("/app/PREDICT")]
    [InlineData("/app/predict/")]
    [InlineData("/%61pp/predict")]
    public async Task Post_KnownAppAnyFormTheRouterMatched_IsAnswered(string path)
    {
        var (status, body) = await PostAsync(path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("default").GetBoolean());
        Assert.Equal("none", body.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Post_UnknownApp_Answers404NamingIt()
    {
        var (status, body) = await PostAsync("/other/predict");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("'other'", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_KnownAppPredict_IsNotAPrediction()
    {
        using var response = await _cluster.Http.GetAsync(new Uri($"http://127.0.0.1:{_cluster.HttpPort}/app/predict"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path)
    {
        using var response = await _cluster.Http.PostAsync(new Uri($"http://127.0.0.1:{_cluster.HttpPort}{path}"), new StringContent("""{"input": [1]}""", Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
