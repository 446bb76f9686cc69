using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Serving;

public class ModelContainerPredictFailureTests
{
    [Fact]
    public async Task Predict_Throws_EveryInputGetsTheErrorAndTheNextBatchStillWorks()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs =>
            inputs[0] == "boom" ? throw new InvalidOperationException("model exploded") : [.. inputs]);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(1, InputType.Strings, Utf8("boom"), Utf8("x"), Utf8("y"));
        (ulong failedId, List<(bool IsError, string Text)> failed) = await connection.ReadResponseAsync();
        await connection.SendBatchAsync(2, InputType.Strings, Utf8("fine"));
        (ulong okId, List<(bool IsError, string Text)> ok) = await connection.ReadResponseAsync();

        Assert.Equal(1ul, failedId);
        Assert.Equal(3, failed.Count);
        Assert.All(failed, r => Assert.Equal((true, "predict function threw InvalidOperationException: model exploded"), r));
        Assert.Equal(2ul, okId);
        Assert.Equal([(false, "fine")], ok);
        LogEntry logged = Assert.Single(container.Logs.Entries, e => e.EventName == "PredictFailed");
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task Predict_ReturnsTheWrongNumberOfOutputs_EveryInputGetsAnError()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, _ => ["a", "b", "c"]);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(9, InputType.Strings, Utf8("1"), Utf8("2"), Utf8("3"), Utf8("4"));
        (_, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();

        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.Equal((true, "predict function returned 3 outputs for 4 inputs"), r));
    }

    [Fact]
    public async Task Predict_ReturnsNullOrANullOutput_EveryInputGetsAnError()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs =>
            inputs[0] == "null list" ? null! : ["ok", null!]);
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(1, InputType.Strings, Utf8("null list"));
        (_, List<(bool IsError, string Text)> nullList) = await connection.ReadResponseAsync();
        await connection.SendBatchAsync(2, InputType.Strings, Utf8("a"), Utf8("b"));
        (_, List<(bool IsError, string Text)> nullItem) = await connection.ReadResponseAsync();

        Assert.Equal([(true, "predict function returned null instead of 1 outputs")], nullList);
        Assert.All(nullItem, r => Assert.Equal((true, "predict function returned a null output at index 1 of 2; expected a string"), r));
    }

    [Fact]
    public async Task Predict_OutputsLargerThanMaxFrameBytes_AreAnsweredWithErrorsNamingTheLimit()
    {
        await using var frontend = new FakeFrontend();
        var options = TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings);
        options.MaxFrameBytes = 4096;
        await using var container = TestContainer<string>.Start(options, (_, _) => ValueTask.FromResult<IReadOnlyList<string>>([new string('x', 5000)]));
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();

        await connection.SendBatchAsync(1, InputType.Strings, Utf8("big"));
        (_, List<(bool IsError, string Text)> results) = await connection.ReadResponseAsync();

        (bool isError, string text) = Assert.Single(results);
        Assert.True(isError);
        Assert.Contains("expected at most 4096 bytes (MaxFrameBytes)", text, StringComparison.Ordinal);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
