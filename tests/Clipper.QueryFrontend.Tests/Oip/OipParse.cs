using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Oip;

namespace Clipper.QueryFrontend.Tests.Oip;

/// <summary>Shared calls for the inference request parser tests.</summary>
internal static class OipParse
{
    public static readonly ModelVersionId Model = new("m", "1");

    public static ParsedInputs Ok(string json, InputType type, out OipInferRequest request)
    {
        var rows = new ParsedInputs();
        var ok = OipRequestParser.TryParse(Encoding.UTF8.GetBytes(json), Model, type, ParseLimits.WithMaxInputs(1000), rows, out request, out var error);
        Assert.True(ok, $"Expected {json} to parse for {type}; got: {error}");
        return rows;
    }

    public static ParsedInputs Ok(string json, InputType type) => Ok(json, type, out _);

    public static string Fails(string json, InputType type, ParseLimits? limits = null)
    {
        using var rows = new ParsedInputs();
        var ok = OipRequestParser.TryParse(Encoding.UTF8.GetBytes(json), Model, type, limits ?? ParseLimits.WithMaxInputs(1000), rows, out _, out var error);
        Assert.False(ok, $"Expected {json} to be refused for {type}");
        Assert.Equal(0, rows.Count);
        return error;
    }

    /// <summary>A request with one input tensor named <c>x</c>.</summary>
    public static string Tensor(string datatype, string shape, string data) =>
        $$"""{"inputs": [{"name": "x", "datatype": "{{datatype}}", "shape": {{shape}}, "data": {{data}}}]}""";
}
