using System.Collections;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clipper.ModelRpc.Tests.Serving;

public class ModelContainerOptionsTests
{
    [Fact]
    public void Constructor_SetsTheDocumentedDefaults()
    {
        var options = new ModelContainerOptions();

        Assert.Equal("localhost", options.FrontendHost);
        Assert.Equal(7000, options.FrontendPort);
        Assert.Equal(InputType.Doubles, options.InputType);
        Assert.Equal(64 * 1024 * 1024, options.MaxFrameBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.ReconnectInitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ReconnectMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DrainTimeout);
        Assert.Null(options.ReadyFilePath);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Same(NullLoggerFactory.Instance, options.LoggerFactory);
        Assert.EndsWith("-" + Environment.ProcessId, options.ContainerId, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_ReadsClipperVariables()
    {
        var environment = new Hashtable
        {
            [ClipperEnvironment.ModelName] = "sentiment",
            [ClipperEnvironment.ModelVersion] = "3",
            [ClipperEnvironment.FrontendHost] = "query-frontend",
            [ClipperEnvironment.FrontendPort] = "7010",
            [ClipperEnvironment.InputType] = "strs",
            [ClipperEnvironment.ReadyFile] = "/tmp/model_is_ready.check",
        };

        var options = ModelContainerOptions.FromEnvironment(environment);

        Assert.Equal("sentiment", options.ModelName);
        Assert.Equal("3", options.ModelVersion);
        Assert.Equal("query-frontend", options.FrontendHost);
        Assert.Equal(7010, options.FrontendPort);
        Assert.Equal(InputType.Strings, options.InputType);
        Assert.Equal("/tmp/model_is_ready.check", options.ReadyFilePath);
        options.Validate();
    }

    [Fact]
    public void FromEnvironment_OptionalVariablesMissing_KeepsClipperDefaults()
    {
        var environment = new Dictionary<string, string>
        {
            [ClipperEnvironment.ModelName] = "m",
            [ClipperEnvironment.ModelVersion] = "1",
        };

        var options = ModelContainerOptions.FromEnvironment(environment);

        Assert.Equal("localhost", options.FrontendHost);
        Assert.Equal(7000, options.FrontendPort);
        Assert.Equal(InputType.Doubles, options.InputType);
        Assert.Null(options.ReadyFilePath);
    }

    [Theory]
    [InlineData(ClipperEnvironment.FrontendPort, "70000", "Environment variable CLIPPER_PORT is \"70000\"; expected a TCP port from 1 to 65535.")]
    [InlineData(ClipperEnvironment.FrontendPort, "seven", "Environment variable CLIPPER_PORT is \"seven\"; expected a TCP port from 1 to 65535.")]
    [InlineData(ClipperEnvironment.InputType, "tensor", "Environment variable CLIPPER_INPUT_TYPE is \"tensor\"; expected one of bytes|byte|b, integers|ints|integer|int|i, floats|float|f, doubles|double|d, strings|string|str|strs|s.")]
    [InlineData(ClipperEnvironment.ModelName, "My_Model", "Environment variable CLIPPER_MODEL_NAME is \"My_Model\"; expected a DNS-1123 label")]
    [InlineData(ClipperEnvironment.FrontendHost, " ", "Environment variable CLIPPER_IP is \" \"; expected a host name or IP address.")]
    [InlineData(ClipperEnvironment.ReadyFile, "", "Environment variable CLIPPER_READY_FILE is \"\"; expected a file path.")]
    [InlineData(ClipperEnvironment.ContainerId, " ", "Environment variable CLIPPER_CONTAINER_ID is \" \"; expected a container id of 1 to 255 UTF-8 bytes.")]
    public void FromEnvironment_InvalidVariable_NamesTheVariableValueAndExpectation(string name, string value, string expected)
    {
        var environment = new Dictionary<string, string>
        {
            [ClipperEnvironment.ModelName] = "m",
            [ClipperEnvironment.ModelVersion] = "1",
            [name] = value,
        };

        var ex = Assert.Throws<InvalidOperationException>(() => ModelContainerOptions.FromEnvironment(environment));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_ContainerIdVariable_ReplacesTheHostNameAndProcessId()
    {
        var environment = new Dictionary<string, string>
        {
            [ClipperEnvironment.ModelName] = "m",
            [ClipperEnvironment.ModelVersion] = "1",
            [ClipperEnvironment.ContainerId] = " m-1-0 ",
        };

        Assert.Equal("m-1-0", ModelContainerOptions.FromEnvironment(environment).ContainerId);
    }

    [Fact]
    public void FromEnvironment_ContainerIdOver255Bytes_NamesTheVariableAndTheLimit()
    {
        var environment = new Dictionary<string, string>
        {
            [ClipperEnvironment.ModelName] = "m",
            [ClipperEnvironment.ModelVersion] = "1",
            [ClipperEnvironment.ContainerId] = new string('x', 256),
        };

        var ex = Assert.Throws<InvalidOperationException>(() => ModelContainerOptions.FromEnvironment(environment));

        Assert.EndsWith("\"; expected a container id of 1 to 255 UTF-8 bytes.", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("Environment variable CLIPPER_CONTAINER_ID is \"xxx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_MissingModelVersion_SaysItIsNotSet()
    {
        var environment = new Dictionary<string, string> { [ClipperEnvironment.ModelName] = "m" };

        var ex = Assert.Throws<InvalidOperationException>(() => ModelContainerOptions.FromEnvironment(environment));

        Assert.StartsWith("Environment variable CLIPPER_MODEL_VERSION is not set; expected a DNS-1123 label", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ModelName", "ModelContainerOptions.ModelName is \"\"; expected a DNS-1123 label")]
    [InlineData("ModelVersion", "ModelContainerOptions.ModelVersion is \"a-\"; expected a DNS-1123 label")]
    [InlineData("FrontendPort", "ModelContainerOptions.FrontendPort is 0; expected a TCP port from 1 to 65535.")]
    [InlineData("MaxFrameBytes", "ModelContainerOptions.MaxFrameBytes is 10; expected at least 1024 bytes.")]
    [InlineData("ReconnectMaxDelay", "ModelContainerOptions.ReconnectMaxDelay is 00:00:00.0500000; expected at least ReconnectInitialDelay (00:00:00.1000000).")]
    [InlineData("HeartbeatInterval", "ModelContainerOptions.HeartbeatInterval is 00:00:00; expected from 1 ms to 2147483647 ms.")]
    [InlineData("ContainerId", "ModelContainerOptions.ContainerId is \"\"; expected 1 to 255 UTF-8 bytes.")]
    [InlineData("DrainTimeout", "ModelContainerOptions.DrainTimeout is -00:00:01; expected a positive duration.")]
    public void Validate_InvalidSetting_NamesItsValueAndExpectation(string property, string expected)
    {
        ModelContainerOptions options = Valid();
        switch (property)
        {
            case "ModelName": options.ModelName = ""; break;
            case "ModelVersion": options.ModelVersion = "a-"; break;
            case "FrontendPort": options.FrontendPort = 0; break;
            case "MaxFrameBytes": options.MaxFrameBytes = 10; break;
            case "ReconnectMaxDelay": options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(50); break;
            case "HeartbeatInterval": options.HeartbeatInterval = TimeSpan.Zero; break;
            case "ContainerId": options.ContainerId = ""; break;
            case "DrainTimeout": options.DrainTimeout = TimeSpan.FromSeconds(-1); break;
        }

        var ex = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("model-1", true)]
    [InlineData("0", true)]
    [InlineData("", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("A", false)]
    [InlineData("a_b", false)]
    [InlineData("a.b", false)]
    public void IsValid_ModelName_FollowsDns1123Labels(string value, bool valid) => Assert.Equal(valid, ModelNames.IsValid(value));

    [Fact]
    public void IsValid_ModelNameLongerThan63Characters_IsFalse()
    {
        Assert.True(ModelNames.IsValid(new string('a', 63)));
        Assert.False(ModelNames.IsValid(new string('a', 64)));
    }

    private static ModelContainerOptions Valid() => new() { ModelName = "m", ModelVersion = "1" };
}
