using Clipper.Configuration;
using Clipper.Configuration.Validation;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Configuration;

public class ConfigurationValidatorTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("my-app")]
    [InlineData("app1")]
    [InlineData("1")]
    [InlineData("a-b-c-9")]
    public void ValidateName_DnsLabel_IsAccepted(string name) =>
        Assert.Null(ConfigurationValidator.ValidateName(name, "name", "application name"));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("My-App")]
    [InlineData("my_app")]
    [InlineData("-app")]
    [InlineData("app-")]
    [InlineData("my.app")]
    [InlineData("app:1")]
    [InlineData("a b")]
    public void ValidateName_NotADnsLabel_IsRefusedNamingFieldAndRule(string? name)
    {
        var error = ConfigurationValidator.ValidateName(name, "model_name", "model name");

        Assert.NotNull(error);
        Assert.Equal(ConfigurationErrorCode.InvalidName, error.Code);
        Assert.Equal("model_name", error.Field);
        Assert.Contains("[field: model_name, rule: dns-1123-label]", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateName_LongerThan63Characters_IsRefused()
    {
        Assert.Null(ConfigurationValidator.ValidateName(new string('a', 63), "name", "application name"));
        Assert.Equal(ConfigurationErrorCode.InvalidName, ConfigurationValidator.ValidateName(new string('a', 64), "name", "application name")?.Code);
    }

    [Theory]
    [InlineData("ints", InputType.Integers)]
    [InlineData("I", InputType.Integers)]
    [InlineData("doubles", InputType.Doubles)]
    [InlineData("str", InputType.Strings)]
    [InlineData("b", InputType.Bytes)]
    [InlineData("float", InputType.Floats)]
    public void TryParseInputType_ClipperAliases_AreAccepted(string name, InputType expected)
    {
        Assert.True(ConfigurationValidator.TryParseInputType(name, "input_type", out var parsed, out _));
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void TryParseInputType_UnknownName_IsRefusedListingTheAcceptedNames()
    {
        Assert.False(ConfigurationValidator.TryParseInputType("tensors", "input_type", out _, out var error));
        Assert.Equal(ConfigurationErrorCode.UnknownInputType, error.Code);
        Assert.Contains("'tensors'", error.Message, StringComparison.Ordinal);
        Assert.Contains(InputTypes.AcceptedNames, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(1, true)]
    [InlineData(64, true)]
    [InlineData(0, false)]
    [InlineData(-2, false)]
    public void ValidateBatchSize_AcceptsPositiveOrAdaptive(int batchSize, bool valid) =>
        Assert.Equal(valid, ConfigurationValidator.ValidateBatchSize(batchSize) is null);

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(-5, false)]
    public void ValidateLatencySlo_AcceptsPositive(long slo, bool valid) =>
        Assert.Equal(valid, ConfigurationValidator.ValidateLatencySlo(slo) is null);

    [Fact]
    public void CheckAddModelLinks_FollowsClippersRulesInOrder()
    {
        var state = new ClusterConfiguration(
            3,
            "e",
            [
                App("app", InputType.Doubles),
                App("linked", InputType.Doubles, "m1"),
            ],
            [Model("m1", "1", InputType.Doubles), Model("m2", "1", InputType.Doubles), Model("s", "1", InputType.Strings)],
            []);

        Assert.Null(ConfigurationValidator.CheckAddModelLinks(state, "app", ["m1"]));
        Assert.Equal(ConfigurationErrorCode.NotFound, ConfigurationValidator.CheckAddModelLinks(state, "nope", ["m1"])?.Code);
        Assert.Equal(ConfigurationErrorCode.NotFound, ConfigurationValidator.CheckAddModelLinks(state, "app", ["nope"])?.Code);
        Assert.Equal(ConfigurationErrorCode.InputTypeMismatch, ConfigurationValidator.CheckAddModelLinks(state, "app", ["s"])?.Code);
        Assert.Equal(ConfigurationErrorCode.OneModelPerApplication, ConfigurationValidator.CheckAddModelLinks(state, "app", [])?.Code);
        Assert.Equal(ConfigurationErrorCode.OneModelPerApplication, ConfigurationValidator.CheckAddModelLinks(state, "app", ["m1", "m2"])?.Code);
        Assert.Equal(ConfigurationErrorCode.AlreadyLinked, ConfigurationValidator.CheckAddModelLinks(state, "linked", ["m1"])?.Code);
        Assert.Equal(ConfigurationErrorCode.OneModelPerApplication, ConfigurationValidator.CheckAddModelLinks(state, "linked", ["m2"])?.Code);
    }

    [Fact]
    public void CheckAddModelVersion_NewVersionOfALinkedModel_MustKeepTheApplicationsInputType()
    {
        var state = new ClusterConfiguration(1, "e", [App("app", InputType.Doubles, "m")], [Model("m", "1", InputType.Doubles)], []);

        Assert.Null(ConfigurationValidator.CheckAddModelVersion(state, Model("m", "2", InputType.Doubles)));
        var error = ConfigurationValidator.CheckAddModelVersion(state, Model("m", "3", InputType.Strings));
        Assert.Equal(ConfigurationErrorCode.InputTypeMismatch, error?.Code);
        Assert.Equal("input_type", error?.Field);
        Assert.Equal(ConfigurationErrorCode.AlreadyExists, ConfigurationValidator.CheckAddModelVersion(state, Model("m", "1", InputType.Doubles))?.Code);
    }

    [Fact]
    public void Constructor_ModelRecords_DerivesCurrentVersions()
    {
        var state = new ClusterConfiguration(1, "e", [], [Model("m", "1", InputType.Doubles, current: false), Model("m", "2", InputType.Doubles)], []);

        Assert.True(state.TryGetCurrentVersion("m", out var current));
        Assert.Equal("2", current.Version);
        Assert.True(state.HasModel("m"));
        Assert.False(state.HasModel("n"));
    }

    private static ApplicationRecord App(string name, InputType type, params string[] links) =>
        new() { Name = name, InputType = type, DefaultOutput = "d", LatencySloMicros = 1000, LinkedModels = [.. links] };

    private static ModelVersionRecord Model(string name, string version, InputType type, bool current = true) =>
        new() { Name = name, Version = version, InputType = type, ContainerName = "image", IsCurrent = current };
}
