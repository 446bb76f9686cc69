using System.Collections;
using Clipper.ModelRpc.Serving;

namespace Clipper.ModelRpc.Tests.Serving;

/// <summary>TLS settings of a container: CLIPPER_TLS_CA turns TLS on; every bad setting is refused by name.</summary>
public sealed class ModelContainerOptionsTlsTests : IDisposable
{
    private readonly TestCertificates _files = TestCertificates.Create();

    public void Dispose() => _files.Dispose();

    private static Hashtable Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Hashtable { [ClipperEnvironment.ModelName] = "m", [ClipperEnvironment.ModelVersion] = "1" };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    [Fact]
    public void FromEnvironment_WithoutTlsCa_StaysPlain()
    {
        var options = ModelContainerOptions.FromEnvironment(Environment());

        Assert.False(options.UseTls);
        Assert.Null(options.TlsCaPath);
        Assert.Null(options.TlsServerName);
    }

    [Fact]
    public void FromEnvironment_TlsCaAndServerName_TurnTlsOn()
    {
        var options = ModelContainerOptions.FromEnvironment(Environment((ClipperEnvironment.TlsCa, _files.CaPath), (ClipperEnvironment.TlsServerName, "localhost")));

        Assert.True(options.UseTls);
        Assert.Equal(_files.CaPath, options.TlsCaPath);
        Assert.Equal("localhost", options.TlsServerName);
        options.Validate();
    }

    [Fact]
    public void FromEnvironment_TlsCaNamingNoFile_NamesTheVariableAndItsValue()
    {
        var missing = Path.Combine(_files.Directory, "nowhere.pem");

        var error = Assert.Throws<InvalidOperationException>(() => ModelContainerOptions.FromEnvironment(Environment((ClipperEnvironment.TlsCa, missing))));

        Assert.Equal($"Environment variable CLIPPER_TLS_CA is \"{missing}\"; expected the path of a PEM file of CA certificates; no such file exists.", error.Message);
    }

    [Fact]
    public void FromEnvironment_ServerNameWithoutTlsCa_IsRefused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelContainerOptions.FromEnvironment(Environment((ClipperEnvironment.TlsServerName, "localhost"))));

        Assert.Equal("Environment variable CLIPPER_TLS_SERVER_NAME is \"localhost\"; expected to be set only with CLIPPER_TLS_CA, which turns TLS on.", error.Message);
    }

    [Fact]
    public void Validate_TlsCaWithoutUseTls_NamesTheSetting()
    {
        var options = new ModelContainerOptions { ModelName = "m", ModelVersion = "1", TlsCaPath = _files.CaPath };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Equal($"ModelContainerOptions.TlsCaPath is \"{_files.CaPath}\"; expected null unless UseTls is true (CLIPPER_TLS_CA turns both on).", error.Message);
    }

    [Fact]
    public void Constructor_CaFileWithoutCertificate_NamesTheFile()
    {
        var empty = _files.Write("empty.pem", "");
        var options = new ModelContainerOptions { ModelName = "m", ModelVersion = "1", UseTls = true, TlsCaPath = empty };

        var error = Assert.Throws<InvalidOperationException>(() => new ModelContainer<double[]>(options, static (inputs, _) => ValueTask.FromResult<IReadOnlyList<string>>([])));

        Assert.StartsWith($"ModelContainerOptions.TlsCaPath is \"{empty}\"; expected a readable PEM file of CA certificates: The TLS CA file '{empty}' holds no certificate", error.Message, StringComparison.Ordinal);
    }
}
