using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using static Clipper.QueryFrontend.Tests.Http.ParseHelper;

namespace Clipper.QueryFrontend.Tests.Http;

public sealed class ParsedInputsTests
{
    [Fact]
    public void Constructor_NewInstance_IsEmpty()
    {
        using var inputs = new ParsedInputs();

        Assert.Equal(0, inputs.Count);
        Assert.Equal(0, inputs.TotalBytes);
        Assert.False(inputs.IsBatch);
        Assert.Throws<ArgumentOutOfRangeException>(() => inputs.GetInput(0));
    }

    [Fact]
    public void TryParse_ReusedAcrossRequests_ShowsNoStaleData()
    {
        using var inputs = new ParsedInputs();

        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input_batch": [[1, 2, 3, 4], [5, 6]]}"""), InputType.Integers, inputs, out _));
        Assert.Equal(2, inputs.Count);

        // A smaller request of another type reuses the buffers; nothing of the first may show through.
        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input": "aGk="}"""), InputType.Bytes, inputs, out _));
        Assert.Equal(1, inputs.Count);
        Assert.False(inputs.IsBatch);
        Assert.Equal(InputType.Bytes, inputs.InputType);
        AssertInput(inputs, 0, "hi"u8.ToArray());
        Assert.Equal(2, inputs.TotalBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => inputs.GetInput(1));

        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input_batch": [[9.5]]}"""), InputType.Doubles, inputs, out _));
        Assert.True(inputs.IsBatch);
        AssertInput(inputs, 0, Doubles(9.5));
    }

    [Fact]
    public void Reset_EmptiesTheInstance()
    {
        using ParsedInputs inputs = ParseOk("""{"input_batch": ["a", "b"]}""", InputType.Strings);

        inputs.Reset();

        Assert.Equal(0, inputs.Count);
        Assert.Equal(0, inputs.TotalBytes);
        Assert.False(inputs.IsBatch);
        Assert.Throws<ArgumentOutOfRangeException>(() => inputs.GetInput(0));
    }

    [Fact]
    public void TryParse_Fails_LeavesTheInstanceEmpty()
    {
        using ParsedInputs inputs = ParseOk("""{"input_batch": ["a", "b"]}""", InputType.Strings);

        Assert.False(PredictRequestParser.TryParse(Sequences.Single("""{"input_batch": ["c", 1]}"""), InputType.Strings, inputs, out _));

        Assert.Equal(0, inputs.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => inputs.GetInput(0));
    }

    [Fact]
    public void TryParse_AfterDispose_ParsesAgain()
    {
        var inputs = new ParsedInputs();
        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input": "x"}"""), InputType.Strings, inputs, out _));

        inputs.Dispose();
        Assert.Equal(0, inputs.Count);

        Assert.True(PredictRequestParser.TryParse(Sequences.Single("""{"input": "yz"}"""), InputType.Strings, inputs, out _));
        AssertInput(inputs, 0, "yz"u8.ToArray());
        inputs.Dispose();
        inputs.Dispose();
    }

    [Fact]
    public void GetInput_LargeBatch_KeepsEachInputsBoundaries()
    {
        var json = new System.Text.StringBuilder("{\"input_batch\": [");
        for (int i = 0; i < 1000; i++)
        {
            json.Append(i == 0 ? "" : ", ").Append('"').Append(new string((char)('a' + (i % 26)), i % 7)).Append('"');
        }

        using ParsedInputs inputs = ParseOk(json.Append("]}").ToString(), InputType.Strings);

        Assert.Equal(1000, inputs.Count);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(System.Text.Encoding.ASCII.GetBytes(new string((char)('a' + (i % 26)), i % 7)), inputs.GetInput(i).ToArray());
        }
    }
}
