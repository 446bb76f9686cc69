using System.Globalization;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;
using MessagePack;

namespace Clipper.ModelRpc.Tests.Serving;

public class ModelContainerBatchTests
{
    [Fact]
    public Task BatchRequest_Integers_RoundTripThroughThePredictFunction() => AssertRoundTrip<int[]>(
        InputType.Integers,
        [[1, -2, 3], [int.MaxValue], []],
        WireInputs.PackInts,
        input => string.Join(",", input));

    [Fact]
    public Task BatchRequest_Floats_RoundTripThroughThePredictFunction() => AssertRoundTrip<float[]>(
        InputType.Floats,
        [[1.5f, -2.25f], [0f]],
        WireInputs.PackFloats,
        input => string.Join(",", input.Select(v => v.ToString(CultureInfo.InvariantCulture))));

    [Fact]
    public Task BatchRequest_Doubles_RoundTripThroughThePredictFunction() => AssertRoundTrip<double[]>(
        InputType.Doubles,
        [[Math.PI, Math.E], [1e-300]],
        WireInputs.PackDoubles,
        input => string.Join(",", input.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

    [Fact]
    public Task BatchRequest_Bytes_RoundTripThroughThePredictFunction() => AssertRoundTrip<byte[]>(
        InputType.Bytes,
        [[0, 1, 255], [], new byte[5000]],
        input => input,
        Convert.ToHexString);

    [Fact]
    public Task BatchRequest_Strings_RoundTripThroughThePredictFunction() => AssertRoundTrip<string>(
        InputType.Strings,
        ["hello", "", "wörld 😀"],
        Encoding.UTF8.GetBytes,
        input => "{\"upper\": \"" + input.ToUpperInvariant() + "\"}");

    [Fact]
    public async Task BatchRequest_Pipelined_AreAnsweredInOrder()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        for (ulong id = 1; id <= 30; id++)
        {
            await connection.SendBatchAsync(id, InputType.Strings, Encoding.UTF8.GetBytes("input " + id));
        }

        for (ulong id = 1; id <= 30; id++)
        {
            (ulong batchId, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();
            Assert.Equal(id, batchId);
            Assert.Equal([(false, "input " + id)], results);
        }
    }

    [Fact]
    public async Task BatchRequest_BinLengthNotAMultipleOfTheElementSize_AnswersErrorsAndKeepsTheConnection()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<int[]>.Start(frontend.Port, InputType.Integers, inputs => [.. inputs.Select(i => i.Length.ToString(CultureInfo.InvariantCulture))]);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();
        byte[] body = Bodies.Build((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(4);
            w.Write(5);
            w.Write((int)InputType.Integers);
            w.WriteArrayHeader(2);
            w.Write(new byte[8]);
            w.Write(new byte[7]);
            w.WriteNil();
        });

        await connection.SendRawAsync(Bodies.Frame((byte)MessageType.BatchRequest, body));
        (ulong batchId, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();

        Assert.Equal(5ul, batchId);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.IsError));
        Assert.Contains("multiple of 4 (integers: int32), received 7 bytes", results[0].Text, StringComparison.Ordinal);

        await connection.SendBatchAsync(6, InputType.Integers, new byte[12]);
        (ulong nextId, List<(bool IsError, string Text)> next) = await connection.ReadResponseAsync();
        Assert.Equal(6ul, nextId);
        Assert.Equal([(false, "3")], next);
    }

    private static async Task AssertRoundTrip<TInput>(InputType inputType, TInput[] inputs, Func<TInput, byte[]> toWire, Func<TInput, string> describe)
    {
        await using var frontend = new FakeFrontend();
        var received = new List<TInput>();
        await using var container = TestContainer<TInput>.Start(frontend.Port, inputType, batch =>
        {
            received.AddRange(batch);
            return [.. batch.Select(describe)];
        });
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(7, inputType, [.. inputs.Select(toWire)]);
        (ulong batchId, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();

        Assert.Equal(7ul, batchId);
        Assert.Equal(inputs, received);
        Assert.Equal(inputs.Select(i => (false, describe(i))), results);
    }
}
