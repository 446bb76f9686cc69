using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Serving;

public class ModelContainerResultTests
{
    [Fact]
    public async Task Predict_ResultPredictorFailsOneInput_ThatInputGetsItsErrorAndTheRestTheirOutputs()
    {
        await using var frontend = new FakeFrontend();
        var predictor = new ResultPredictor(inputs => [.. inputs.Select(i => i.StartsWith("bad", StringComparison.Ordinal) ? PredictResult.Error($"cannot read '{i}'; expected a word") : PredictResult.Output(i.ToUpperInvariant()))]);
        await using var container = TestContainer<string>.Start(TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings), predictor);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(4, InputType.Strings, Utf8("a"), Utf8("bad 1"), Utf8("c"), Utf8("bad 2"));
        (ulong batchId, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();

        Assert.Equal(4ul, batchId);
        Assert.Equal([(false, "A"), (true, "cannot read 'bad 1'; expected a word"), (false, "C"), (true, "cannot read 'bad 2'; expected a word")], results);
        Assert.DoesNotContain(container.Logs.Entries, e => e.EventName == "PredictFailed");
    }

    [Fact]
    public async Task Predict_ResultPredictorThrows_EveryInputGetsTheErrorAndTheNextBatchStillWorks()
    {
        await using var frontend = new FakeFrontend();
        var predictor = new ResultPredictor(inputs => inputs[0] == "boom" ? throw new InvalidOperationException("model exploded") : [.. inputs.Select(PredictResult.Output)]);
        await using var container = TestContainer<string>.Start(TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings), predictor);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(1, InputType.Strings, Utf8("boom"), Utf8("x"));
        (_, List<(bool IsError, string Text)> failed) = await connection.ReadResponseAsync();
        await connection.SendBatchAsync(2, InputType.Strings, Utf8("fine"));
        (_, List<(bool IsError, string Text)> ok) = await connection.ReadResponseAsync();

        Assert.All(failed, r => Assert.Equal((true, "predict function threw InvalidOperationException: model exploded"), r));
        Assert.Equal([(false, "fine")], ok);
    }

    [Fact]
    public async Task Predict_ResultPredictorReturnsWrongCountOrNullText_EveryInputGetsAnError()
    {
        await using var frontend = new FakeFrontend();
        var predictor = new ResultPredictor(inputs => inputs[0] == "short" ? [PredictResult.Output("only one")] : [PredictResult.Output("ok"), default]);
        await using var container = TestContainer<string>.Start(TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings), predictor);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(1, InputType.Strings, Utf8("short"), Utf8("b"), Utf8("c"));
        (_, List<(bool IsError, string Text)> wrongCount) = await connection.ReadResponseAsync();
        await connection.SendBatchAsync(2, InputType.Strings, Utf8("a"), Utf8("b"));
        (_, List<(bool IsError, string Text)> nullText) = await connection.ReadResponseAsync();

        Assert.All(wrongCount, r => Assert.Equal((true, "predictor returned 1 results for 3 inputs"), r));
        Assert.All(nullText, r => Assert.Equal((true, "predictor returned a result with a null text at index 1 of 2; expected an output or an error message"), r));
    }

    [Fact]
    public async Task Predict_ResultsLargerThanMaxFrameBytes_AreAnsweredWithErrorsNamingTheLimit()
    {
        await using var frontend = new FakeFrontend();
        var options = TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings);
        options.MaxFrameBytes = 4096;
        await using var container = TestContainer<string>.Start(options, new ResultPredictor(_ => [PredictResult.Error(new string('x', 5000))]));
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(1, InputType.Strings, Utf8("big"));
        (_, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();

        (bool isError, string text) = Assert.Single(results);
        Assert.True(isError);
        Assert.Contains("expected at most 4096 bytes (MaxFrameBytes)", text, StringComparison.Ordinal);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private sealed class ResultPredictor(Func<IReadOnlyList<string>, IReadOnlyList<PredictResult>> predict) : IResultPredictor<string>
    {
        public ValueTask<IReadOnlyList<PredictResult>> PredictAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken) =>
            ValueTask.FromResult(predict(inputs));
    }
}
