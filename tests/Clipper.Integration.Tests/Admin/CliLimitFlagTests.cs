using System.Globalization;
using System.Net;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Admin;

/// <summary>The limit flags of <c>clipper query-frontend</c> and <c>clipper management-frontend</c>: checked before start naming the flag, and applied.</summary>
public sealed class CliLimitFlagTests : IDisposable
{
    private readonly DirectoryInfo _stateRoot = Directory.CreateTempSubdirectory("clipper-limits-");

    public void Dispose() => _stateRoot.Delete(recursive: true);

    [Theory]
    [InlineData("--max-connections", "0", "--max-connections: MaxConcurrentConnections was 0; expected at least 1.")]
    [InlineData("--max-header-bytes", "100", "--max-header-bytes: MaxRequestHeadersBytes was 100; expected at least 1024.")]
    [InlineData("--max-header-count", "0", "--max-header-count: MaxRequestHeaderCount was 0; expected at least 1.")]
    [InlineData("--headers-timeout-ms", "10", "--headers-timeout-ms: RequestHeadersTimeout was 00:00:00.0100000; expected at least 1 s")]
    [InlineData("--min-body-rate", "-5", "--min-body-rate: MinRequestBodyBytesPerSecond was -5; expected 0 (no minimum) or a positive number")]
    [InlineData("--min-body-rate-grace-ms", "1000", "--min-body-rate-grace-ms: MinRequestBodyRateGracePeriod was 00:00:01; expected more than 1 s")]
    [InlineData("--max-body-bytes", "10", "--max-body-bytes: MaxRequestBodyBytes was 10; expected at least 64.")]
    [InlineData("--max-json-depth", "2", "--max-json-depth: MaxJsonDepth was 2; expected at least 3")]
    [InlineData("--max-inputs", "0", "--max-inputs: MaxInputsPerRequest was 0; expected at least 1.")]
    [InlineData("--max-input-bytes", "4", "--max-input-bytes: MaxInputBytes was 4; expected at least 8")]
    [InlineData("--clipper-networks", "10.0.0.1/8", "--clipper-networks: ClipperContainerNetworks: '10.0.0.1/8' is not a CIDR network with its host bits zero")]
    [InlineData("--clipper-networks", "attached,nowhere", "--clipper-networks: ClipperContainerNetworks: 'nowhere' is not a CIDR network")]
    public async Task QueryFrontend_LimitFlagOutOfRange_FailsNamingTheFlagAndTheValue(string flag, string value, string expected)
    {
        await CliRunner.FailsAsync(_stateRoot.FullName, ["query-frontend", "--redis", "127.0.0.1:1", flag, value], expected);
    }

    [Theory]
    [InlineData("--max-connections", "0", "--max-connections: MaxConcurrentConnections must be at least 1; got 0.")]
    [InlineData("--max-body-bytes", "10", "--max-body-bytes: MaxRequestBodyBytes must be at least 1024; got 10.")]
    [InlineData("--max-json-depth", "1", "--max-json-depth: MaxJsonDepth must be at least 2")]
    [InlineData("--min-body-rate-grace-ms", "500", "--min-body-rate-grace-ms: MinRequestBodyRateGracePeriod must be more than 1 s")]
    public async Task ManagementFrontend_LimitFlagOutOfRange_FailsNamingTheFlagAndTheValue(string flag, string value, string expected)
    {
        await CliRunner.FailsAsync(_stateRoot.FullName, ["management-frontend", "--redis", "127.0.0.1:1", flag, value], expected);
    }

    [Fact]
    public async Task QueryFrontend_LimitFlags_AreAppliedByTheProcess()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        await using var frontend = await FrontendProcess.StartAsync(cluster.Redis.Address, FreePort.Next(), FreePort.Next(), cluster.Http,
            "--max-inputs", "2", "--max-input-bytes", "16", "--max-json-depth", "3", "--max-body-bytes", "200");
        var url = $"http://127.0.0.1:{frontend.HttpPort.ToString(CultureInfo.InvariantCulture)}/app/predict";

        // No replica serves this frontend: an accepted request is answered with the default output.
        await Eventually.TrueAsync(async () => (await PostAsync(cluster, url, """{"input_batch": [[1, 2], [3, 4]]}""")).Status == HttpStatusCode.OK, TestTimeouts.Default);
        var tooMany = await PostAsync(cluster, url, """{"input_batch": [[1], [2], [3]]}""");
        var tooLarge = await PostAsync(cluster, url, """{"input": [1, 2, 3]}""");
        var tooDeep = await PostAsync(cluster, url, """{"input_batch": [[[1]]]}""");
        var tooLong = await PostAsync(cluster, url, HttpLimitTests.Pad("""{"input": [1]}""", 201));

        Assert.Contains("at most 2 inputs (option MaxInputsPerRequest)", tooMany.Body, StringComparison.Ordinal);
        Assert.Contains("at most 16 bytes in wire form (option MaxInputBytes); got 24 bytes", tooLarge.Body, StringComparison.Ordinal);
        Assert.Contains("at most 3 levels deep (option MaxJsonDepth)", tooDeep.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.Status);
        Assert.Contains("larger than 200 bytes", tooLong.Body, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(ServingCluster cluster, string url, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await cluster.Http.PostAsync(url, content).WithTimeout();
        return (response.StatusCode, await response.Content.ReadAsStringAsync().WithTimeout());
    }
}
