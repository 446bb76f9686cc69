using System.Net;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Python;
using Clipper.ModelRpc.Security;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// A real frontend with a TLS certificate (made at test time): predictions over HTTPS verified against the CA, model
/// containers of our protocol joining over TLS (C# and Python, from this machine's network address), plain ones refused
/// from the network but served from loopback, and Clipper's ZeroMQ containers still served in plain.
/// </summary>
public sealed class TlsServingTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly IPAddress _network = LocalAddresses.NonLoopbackIPv4();
    private readonly TestCertificates _files;
    private readonly ClusterToken _token = ClusterToken.Create();

    public TlsServingTests()
    {
        _files = TestCertificates.Create(_network);
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Predict_HttpsWithTheCa_IsAnsweredByAReplicaThatJoinedOverTlsFromTheNetwork()
    {
        await using var cluster = await StartAsync(joinToken: true);
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        using var https = HttpsClient(_files.CaPath);

        // The certificate names localhost, not the address dialled: CLIPPER_TLS_SERVER_NAME says which name to expect.
        var model = cluster.StartModelAt(_network.ToString(), Tls(("CLIPPER_TLS_SERVER_NAME", "localhost")), "sum", "sum", "1", "doubles");
        var answer = await PredictUntilServedAsync(https, cluster, () => model.Output);

        Assert.Equal(4.0, answer.GetProperty("output").GetDouble());
        Assert.Contains($"Connected to the query frontend at {_network}:{cluster.RpcPort} over TLS (Tls", model.Output, StringComparison.Ordinal);
        var metrics = JsonDocument.Parse(await MetricsJson.GetStringAsync(https, $"https://127.0.0.1:{cluster.HttpPort}/metrics")).RootElement;
        Assert.Equal(0, metrics.GetProperty("counters").GetProperty("refused_containers").GetInt64());
    }

    [Fact]
    public async Task Predict_HttpsWithoutTheCa_FailsTheTlsHandshake()
    {
        await using var cluster = await StartAsync(joinToken: false);
        using var machineStore = new HttpClient { Timeout = s_timeout };

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => machineStore.GetAsync(new Uri($"https://127.0.0.1:{cluster.HttpPort}/")));

        Assert.IsType<AuthenticationException>(failure.InnerException);
        await Assert.ThrowsAsync<HttpRequestException>(() => cluster.Http.GetAsync(new Uri($"http://127.0.0.1:{cluster.HttpPort}/")));
    }

    [Fact]
    public async Task Serve_PlainContainerFromTheNetwork_IsRefusedAndToldToUseTls()
    {
        await using var cluster = await StartAsync(joinToken: true);
        await cluster.DeployAsync("app", "sum", "1", "doubles");

        var model = cluster.StartModelAt(_network.ToString(), new Dictionary<string, string> { ["CLIPPER_JOIN_TOKEN"] = _token.Value }, "sum", "sum", "1", "doubles");

        await Eventually.TrueAsync(() => Task.FromResult(model.Output.Contains("accepts our protocol in plain TCP from loopback only", StringComparison.Ordinal)), s_timeout, () => model.Output);
        Assert.DoesNotContain(_token.Value, model.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PlainContainerFromLoopback_StillJoinsAndAnswers()
    {
        await using var cluster = await StartAsync(joinToken: false);
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        using var https = HttpsClient(_files.CaPath);

        var model = cluster.StartModel("sum", "sum", "1", "doubles");

        Assert.Equal(4.0, (await PredictUntilServedAsync(https, cluster, () => model.Output)).GetProperty("output").GetDouble());
        Assert.Contains("over plain TCP", model.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ContainerTrustingAnotherCa_RefusesTheFrontendsCertificate()
    {
        await using var cluster = await StartAsync(joinToken: false);

        var model = cluster.StartModelAt("127.0.0.1", new Dictionary<string, string> { ["CLIPPER_TLS_CA"] = _files.OtherCaPath }, "sum", "sum", "1", "doubles");

        await Eventually.TrueAsync(() => Task.FromResult(model.Output.Contains("the frontend's certificate for '127.0.0.1' was refused: it does not chain to a CA in " + _files.OtherCaPath, StringComparison.Ordinal)), s_timeout, () => model.Output);
    }

    [Fact]
    public async Task Serve_PythonContainerOverTlsFromTheNetwork_Answers()
    {
        await using var cluster = await StartAsync(joinToken: true);
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        using var https = HttpsClient(_files.CaPath);

        await using var model = PythonProcess.Start("slow", "sum", "1", "doubles", cluster.RpcPort, Tls(("CLIPPER_IP", _network.ToString())));

        Assert.Equal(4.0, (await PredictUntilServedAsync(https, cluster, () => model.Output)).GetProperty("output").GetDouble());
        Assert.Contains($"connected to the query frontend at {_network}:{cluster.RpcPort} over TLS (TLSv1.", model.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ClipperZeroMqContainer_StillJoinsATlsFrontendInPlain()
    {
        await using var cluster = await StartAsync(joinToken: false);
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        using var https = HttpsClient(_files.CaPath);

        await using var container = ClipperContainerProcess.Start("sum", "sum", "1", "doubles", cluster.RpcPort);

        Assert.Equal(4.0, (await PredictUntilServedAsync(https, cluster, () => container.Output)).GetProperty("output").GetDouble());
        var replica = Assert.Single(JsonDocument.Parse(await MetricsJson.GetStringAsync(https, $"https://127.0.0.1:{cluster.HttpPort}/metrics")).RootElement.GetProperty("replicas").EnumerateArray());
        Assert.Equal("clipper-zmq", replica.GetProperty("protocol").GetString());
    }

    private Task<ServingCluster> StartAsync(bool joinToken) => ServingCluster.StartAsync(options =>
    {
        options.BindAddress = "0.0.0.0";
        options.TlsCertificatePath = _files.CertificatePath;
        options.TlsKeyPath = _files.KeyPath;
        options.JoinToken = joinToken ? _token : null;
    });

    /// <summary>The variables of a container joining over TLS with the cluster's CA and token, and <paramref name="extra"/>.</summary>
    private Dictionary<string, string> Tls(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string> { ["CLIPPER_TLS_CA"] = _files.CaPath, ["CLIPPER_JOIN_TOKEN"] = _token.Value };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static HttpClient HttpsClient(string caPath) => new(TlsTrust.FromCaFile(caPath).CreateHttpHandler()) { Timeout = s_timeout };

    private static async Task<JsonElement> PredictUntilServedAsync(HttpClient https, ServingCluster cluster, Func<string> output)
    {
        JsonElement last = default;
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await https.PostAsync(
                    new Uri($"https://127.0.0.1:{cluster.HttpPort}/app/predict"), new StringContent("""{"input": [1.5, 2.5]}""", Encoding.UTF8, "application/json"));
                last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                return response.StatusCode == HttpStatusCode.OK && !last.GetProperty("default").GetBoolean();
            },
            s_timeout,
            () => $"last answer: {last}; container output: {output()}");
        return last;
    }
}
