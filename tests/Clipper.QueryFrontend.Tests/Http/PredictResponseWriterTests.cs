using System.Buffers;
using System.Text;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Http;

public sealed class PredictResponseWriterTests
{
    [Theory]
    [InlineData("0.75", """{"query_id":7,"output":0.75,"default":false}""")]
    [InlineData("-3", """{"query_id":7,"output":-3,"default":false}""")]
    [InlineData("{\"label\": \"cat\", \"p\": [0.9, 0.1]}", """{"query_id":7,"output":{"label": "cat", "p": [0.9, 0.1]},"default":false}""")]
    [InlineData("[1, 2]", """{"query_id":7,"output":[1, 2],"default":false}""")]
    [InlineData("\"quoted\"", """{"query_id":7,"output":"quoted","default":false}""")]
    [InlineData("true", """{"query_id":7,"output":true,"default":false}""")]
    [InlineData("null", """{"query_id":7,"output":null,"default":false}""")]
    [InlineData("  \n[1]\t ", """{"query_id":7,"output":[1],"default":false}""")]
    public void WriteSingle_OutputIsOneJsonValue_EmbedsItAsJson(string output, string expected) =>
        Assert.Equal(expected, WriteSingle(new QueryAnswer(7, Utf8(output), isDefault: false)));

    [Theory]
    [InlineData("hello", """{"query_id":7,"output":"hello","default":false}""")]
    [InlineData("", """{"query_id":7,"output":"","default":false}""")]
    [InlineData("say \"hi\"\\now\n", """{"query_id":7,"output":"say \"hi\"\\now\n","default":false}""")]
    [InlineData("1 apple", """{"query_id":7,"output":"1 apple","default":false}""")]
    [InlineData("[INFO] done", """{"query_id":7,"output":"[INFO] done","default":false}""")]
    [InlineData("{not json}", """{"query_id":7,"output":"{not json}","default":false}""")]
    [InlineData("[1, 2", """{"query_id":7,"output":"[1, 2","default":false}""")]
    [InlineData("\"a\" \"b\"", """{"query_id":7,"output":"\"a\" \"b\"","default":false}""")]
    [InlineData("truest", """{"query_id":7,"output":"truest","default":false}""")]
    [InlineData("café <b> & ünïcode", """{"query_id":7,"output":"café <b> & ünïcode","default":false}""")]
    public void WriteSingle_OutputIsNotOneJsonValue_WritesItAsAString(string output, string expected) =>
        Assert.Equal(expected, WriteSingle(new QueryAnswer(7, Utf8(output), isDefault: false)));

    [Fact]
    public void WriteSingle_OutputNotUtf8_RepairsItIntoAValidString()
    {
        string json = WriteSingle(new QueryAnswer(1, new byte[] { (byte)'"', (byte)'a', 0xFF, (byte)'"' }, isDefault: false));

        // The writer replaces the bad byte with U+FFFD and escapes it, so the response stays valid JSON.
        Assert.Equal("{\"query_id\":1,\"output\":\"\\\"a\\uFFFD\\\"\",\"default\":false}", json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
    }

    [Fact]
    public void WriteSingle_DefaultOutput_CarriesItsExplanation()
    {
        var answer = new QueryAnswer(42, Utf8("-1"), isDefault: true, DefaultExplanations.ObjectiveMissed);

        Assert.Equal(
            """{"query_id":42,"output":-1,"default":true,"default_explanation":"Failed to retrieve a prediction response within the specified latency SLO"}""",
            WriteSingle(answer));
    }

    [Fact]
    public void WriteSingle_DefaultOutputOfPlainText_WritesAString()
    {
        var answer = new QueryAnswer(long.MaxValue, Utf8("no prediction"), isDefault: true, DefaultExplanations.NoReplicaConnected);

        Assert.Equal(
            """{"query_id":9223372036854775807,"output":"no prediction","default":true,"default_explanation":"No connected models found for query"}""",
            WriteSingle(answer));
    }

    [Fact]
    public void WriteSingle_NotDefault_OmitsTheExplanation()
    {
        var answer = new QueryAnswer(3, Utf8("1"), isDefault: false, DefaultExplanations.ObjectiveMissed);

        Assert.Equal("""{"query_id":3,"output":1,"default":false}""", WriteSingle(answer));
    }

    [Fact]
    public void WriteBatch_SeveralAnswers_ListsOnePerInputInOrder()
    {
        QueryAnswer[] answers =
        [
            new(10, Utf8("0.5"), isDefault: false),
            new(11, Utf8("cat"), isDefault: false),
            new(12, Utf8("{\"a\":1}"), isDefault: true, DefaultExplanations.ObjectiveMissed),
        ];

        var output = new ArrayBufferWriter<byte>();
        PredictResponseWriter.WriteBatch(output, answers);

        Assert.Equal(
            """{"batch_predictions":[{"query_id":10,"output":0.5,"default":false},{"query_id":11,"output":"cat","default":false},"""
            + """{"query_id":12,"output":{"a":1},"default":true,"default_explanation":"Failed to retrieve a prediction response within the specified latency SLO"}]}""",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteBatch_Empty_WritesAnEmptyList()
    {
        var output = new ArrayBufferWriter<byte>();
        PredictResponseWriter.WriteBatch(output, []);

        Assert.Equal("""{"batch_predictions":[]}""", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteError_WritesErrorAndCause()
    {
        var output = new ArrayBufferWriter<byte>();
        PredictResponseWriter.WriteError(output, RequestError.QueryProcessingError, "Expected \"input\" to be a string; got null at \"input\"");

        Assert.Equal(
            """{"error":"Query processing error","cause":"Expected \"input\" to be a string; got null at \"input\""}""",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteSingle_Consecutive_AppendsAndLeaksNoState()
    {
        var first = new ArrayBufferWriter<byte>();
        var second = new ArrayBufferWriter<byte>();

        PredictResponseWriter.WriteSingle(first, new QueryAnswer(1, Utf8("a"), isDefault: false));
        PredictResponseWriter.WriteSingle(second, new QueryAnswer(2, Utf8("b"), isDefault: false));
        PredictResponseWriter.WriteSingle(first, new QueryAnswer(3, Utf8("c"), isDefault: false));

        Assert.Equal("""{"query_id":1,"output":"a","default":false}{"query_id":3,"output":"c","default":false}""", Encoding.UTF8.GetString(first.WrittenSpan));
        Assert.Equal("""{"query_id":2,"output":"b","default":false}""", Encoding.UTF8.GetString(second.WrittenSpan));
    }

    [Fact]
    public void WriteSingle_AfterAWriteFailedMidway_IsUnaffected()
    {
        Assert.Throws<InvalidOperationException>(() =>
            PredictResponseWriter.WriteSingle(new FailingBufferWriter(), new QueryAnswer(1, Utf8("a"), isDefault: false)));

        Assert.Equal("""{"query_id":2,"output":"b","default":false}""", WriteSingle(new QueryAnswer(2, Utf8("b"), isDefault: false)));
    }

    [Fact]
    public void WriteSingle_LargeOutput_SpansSeveralBufferRequests()
    {
        string text = new('x', 100_000);

        string json = WriteSingle(new QueryAnswer(1, Utf8(text), isDefault: false));

        Assert.Equal("{\"query_id\":1,\"output\":\"" + text + "\",\"default\":false}", json);
    }

    private static string WriteSingle(in QueryAnswer answer)
    {
        var output = new ArrayBufferWriter<byte>();
        PredictResponseWriter.WriteSingle(output, answer);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private sealed class FailingBufferWriter : IBufferWriter<byte>
    {
        public void Advance(int count) => throw new InvalidOperationException("broken");

        public Memory<byte> GetMemory(int sizeHint = 0) => new byte[Math.Max(sizeHint, 256)];

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
