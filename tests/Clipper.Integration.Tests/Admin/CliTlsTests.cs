using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Admin;

/// <summary>
/// TLS through the command line: a local cluster started with a certificate serves HTTPS, its replicas join over TLS and
/// the verbs find the CA by themselves; a wrong CA or a bad file is one precise line naming the flag.
/// </summary>
public sealed class CliTlsTests : IDisposable
{
    private readonly TestCertificates _files = TestCertificates.Create();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Start_LocalClusterWithTls_VerbsFindTheCaAndAWrongCaIsNamed()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.Connection.StartClipperAsync(new ClusterStartOptions
        {
            QueryPort = FreePort.Next(),
            ManagementPort = FreePort.Next(),
            RpcPort = FreePort.Next(),
            RedisPort = FreePort.Next(),
            TlsCertificatePath = _files.CertificatePath,
            TlsKeyPath = _files.KeyPath,
            TlsCaPath = _files.CaPath,
        }).WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(Uri.UriSchemeHttps, addresses.Query.Scheme);
        Assert.Equal(Uri.UriSchemeHttps, addresses.Management.Scheme);
        Assert.Equal(_files.CaPath, addresses.TlsCaPath);
        var cluster = new[] { "--cluster", scope.Name };

        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "adder", "--input-type", "doubles", "--default-output", "-1.0", "--slo-micros", "2000000", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", "--replicas", "1", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["link", "adder", "sum", .. cluster]);
        var last = "";
        await Serving.Eventually.TrueAsync(
            async () => (last = (await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[1.5, 2.5]", .. cluster])).Stdout).Contains("\"output\":4,", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            () => "last answer: " + last);

        Assert.Contains($"Connected to the query frontend at 127.0.0.1:{addresses.RpcPort} over TLS (Tls", File.ReadAllText(Path.Combine(scope.ClusterDirectory, "logs", "sum_1-1.log")), StringComparison.Ordinal);
        var status = await CliRunner.OkAsync(scope.StateRoot, ["status", .. cluster]);
        Assert.Contains($"tls         HTTPS and TLS for replicas; CA {_files.CaPath}", status, StringComparison.Ordinal);
        Assert.Contains("sum_1-1", status, StringComparison.Ordinal);
        await CliRunner.FailsAsync(scope.StateRoot, ["predict", "adder", "[1.5, 2.5]", "--tls-ca", _files.OtherCaPath, .. cluster], "does not vouch for: it does not chain to a CA in " + _files.OtherCaPath);
        await CliRunner.FailsAsync(scope.StateRoot, ["status", "--tls-ca", _files.OtherCaPath, .. cluster], "give the CA that signed it with --tls-ca FILE");
    }

    [Fact]
    public async Task QueryFrontend_MissingCertificateFile_FailsNamingTheFlagAndTheFile()
    {
        var missing = Path.Combine(_files.Directory, "missing.pem");

        await CliRunner.FailsAsync(_files.Directory, ["query-frontend", "--redis", "127.0.0.1:1", "--tls-cert", missing, "--tls-key", _files.KeyPath],
            $"clipper: --tls-cert: The TLS certificate file '{missing}' does not exist; expected a PEM file holding the server's certificate.");
    }

    [Fact]
    public async Task ManagementFrontend_KeyOfAnotherCertificate_FailsNamingTheKeyFlag()
    {
        await CliRunner.FailsAsync(_files.Directory, ["management-frontend", "--redis", "127.0.0.1:1", "--tls-cert", _files.CertificatePath, "--tls-key", _files.SelfSignedKeyPath],
            $"clipper: --tls-key: The TLS key file '{_files.SelfSignedKeyPath}' does not hold the private key of the certificate in '{_files.CertificatePath}'");
    }

    [Fact]
    public async Task Start_CertificateWithoutKey_FailsNamingTheMissingFlag()
    {
        await CliRunner.FailsAsync(_files.Directory, ["start", "--cluster", "tls-no-key", "--tls-cert", _files.CertificatePath], "clipper: --tls-cert and --tls-key go together; --tls-key is missing.");
    }
}
