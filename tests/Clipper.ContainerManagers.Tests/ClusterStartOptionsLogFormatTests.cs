using System.Text.Json;

namespace Clipper.ContainerManagers.Tests;

/// <summary>The cluster's log format: text unless asked, written by name wherever it is recorded, and refused when it is no format.</summary>
public sealed class ClusterStartOptionsLogFormatTests
{
    [Fact]
    public void LogFormat_NotGiven_IsText()
    {
        Assert.Equal(LogFormat.Text, new ClusterStartOptions().LogFormat);
    }

    [Fact]
    public void Validate_UndefinedLogFormat_IsRefusedNamingTheFlagTheValueAndTheFormats()
    {
        var refused = Assert.Throws<ContainerManagerException>(() => new ClusterStartOptions { LogFormat = (LogFormat)7 }.Validate());

        Assert.Equal("LogFormat (--log-format) is 7; expected Text or Json.", refused.Message);
    }

    [Fact]
    public void Serialize_JsonLogFormat_IsWrittenByNameAndReadBack()
    {
        var json = JsonSerializer.Serialize(new ClusterStartOptions { LogFormat = LogFormat.Json });

        Assert.Contains("\"LogFormat\":\"Json\"", json, StringComparison.Ordinal);
        Assert.Equal(LogFormat.Json, JsonSerializer.Deserialize<ClusterStartOptions>(json)!.LogFormat);
    }

    [Theory]
    [InlineData(LogFormat.Text, "text")]
    [InlineData(LogFormat.Json, "json")]
    public void Arguments_EachFormat_IsTheFlagAndTheValueTheProgramsRead(LogFormat format, string value)
    {
        Assert.Equal(["--log-format", value], LogFormats.Arguments(format));
        Assert.Equal(value, LogFormats.ValueOf(format));
    }
}
