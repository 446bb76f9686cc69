using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Tests.Protocol;

public class ModelVersionIdTests
{
    [Fact]
    public void ToString_IsClippersNameColonVersion() => Assert.Equal("sum:1", new ModelVersionId("sum", "1").ToString());

    [Fact]
    public void ToLabel_IsClippersNameUnderscoreVersion() => Assert.Equal("sum_1", new ModelVersionId("sum", "1").ToLabel());

    [Theory]
    [InlineData("sum_1", "sum", "1")]
    [InlineData("my-model_v-2", "my-model", "v-2")]
    public void TryParseLabel_WhatToLabelWrote_ReadsItBack(string label, string name, string version) =>
        Assert.Equal(new ModelVersionId(name, version), ModelVersionId.TryParseLabel(label));

    [Theory]
    [InlineData("")]
    [InlineData("sum")]
    [InlineData("_1")]
    [InlineData("sum_")]
    [InlineData("a_b_c")]
    public void TryParseLabel_NotALabel_IsNull(string label) => Assert.Null(ModelVersionId.TryParseLabel(label));

    [Fact]
    public void HelloMessageModel_IsItsNameAndVersion() =>
        Assert.Equal(new ModelVersionId("m", "2"), new HelloMessage(ProtocolConstants.Version, "m", "2", InputType.Doubles, "c").Model);
}
