using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Clipper.Admin.Connection;
using Clipper.Admin.Management;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Security;

namespace Clipper.Integration.Tests.Management;

/// <summary>
/// The management API over HTTPS (a certificate made at test time, naming this machine's network address): the admin
/// token rules are unchanged, clients verify the certificate, and a client trusting another CA is told which flag to give.
/// </summary>
public sealed class ManagementTlsTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private const string AddApp = """{"name": "guarded", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 100000}""";

    private readonly IPAddress _network = LocalAddresses.NonLoopbackIPv4();
    private readonly ClusterToken _token = ClusterToken.Create();
    private readonly TestCertificates _files = TestCertificates.Create(LocalAddresses.NonLoopbackIPv4());

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    public async Task Post_HttpsFromBeyondLoopback_KeepsTheAdminTokenRule(bool withToken, HttpStatusCode expected)
    {
        await using var frontend = await StartAsync();
        using var trust = TlsTrust.FromCaFile(_files.CaPath);
        using var https = new HttpClient(trust.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"https://{_network}:{frontend.BaseAddress.Port}/admin/add_app"))
        {
            Content = new StringContent(AddApp, Encoding.UTF8, "application/json"),
        };
        if (withToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Value);
        }

        using var response = await https.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Post_PlainHttpToTheHttpsPort_IsNotServed()
    {
        await using var frontend = await StartAsync();
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var content = new StringContent(AddApp, Encoding.UTF8, "application/json");
        var answered = await Record.ExceptionAsync(async () =>
        {
            using var response = await plain.PostAsync(new Uri($"http://127.0.0.1:{frontend.BaseAddress.Port}/admin/add_app"), content);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        });

        Assert.True(answered is null or HttpRequestException, answered?.ToString());
    }

    [Fact]
    public async Task PostAsync_ClientTrustingAnotherCa_FailsNamingTheCaFlag()
    {
        await using var frontend = await StartAsync();
        using var trust = TlsTrust.FromCaFile(_files.OtherCaPath);
        using var client = new ManagementClient(new Uri($"https://127.0.0.1:{frontend.BaseAddress.Port}/"), TimeSpan.FromSeconds(30), _token, trust);

        var refused = await Assert.ThrowsAsync<ClipperException>(() => client.PostAsync("add_app", new { name = "guarded" }, CancellationToken.None));

        Assert.StartsWith($"The management frontend at https://127.0.0.1:{frontend.BaseAddress.Port}/ presented a TLS certificate that the CA file {_files.OtherCaPath} does not vouch for: it does not chain to a CA in {_files.OtherCaPath}", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("give the CA that signed it with --tls-ca FILE (ClipperConnectionOptions.TlsCaPath); a self-signed certificate is its own CA.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_KeyNotMatchingTheCertificate_IsRefusedNamingTheOption()
    {
        var options = new ManagementFrontendOptions { TlsCertificatePath = _files.CertificatePath, TlsKeyPath = _files.SelfSignedKeyPath };

        var refused = Assert.Throws<ArgumentException>(() => ManagementFrontend.Build(options));

        Assert.Equal(nameof(ManagementFrontendOptions.TlsKeyPath), refused.ParamName);
        Assert.StartsWith($"The TLS key file '{_files.SelfSignedKeyPath}' does not hold the private key of the certificate in '{_files.CertificatePath}'", refused.Message, StringComparison.Ordinal);
    }

    private Task<ManagementFrontendHost> StartAsync() =>
        ManagementFrontendHost.StartAsync(redis.Server.Address, configure: options =>
        {
            options.BindAddress = "0.0.0.0";
            options.AdminToken = _token;
            options.TlsCertificatePath = _files.CertificatePath;
            options.TlsKeyPath = _files.KeyPath;
        });
}
