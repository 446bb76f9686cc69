using System.Buffers;
using System.Globalization;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>The hot path must not allocate once buffers and caches are warm.</summary>
public sealed class AllocationTests
{
    private const int Iterations = 200;

    [Fact]
    public void TryParse_TypicalDoublesBodyAfterWarmUp_AllocatesNothing()
    {
        ReadOnlySequence<byte> single = new(Encoding.UTF8.GetBytes("{\"input\": " + DoublesArray(0, 128) + "}"));
        ReadOnlySequence<byte> batch = Sequences.Split(
            Encoding.UTF8.GetBytes("{\"input_batch\": [" + DoublesArray(0, 64) + ", " + DoublesArray(1, 64) + ", " + DoublesArray(2, 64) + "]}"),
            700);
        using var inputs = new ParsedInputs();

        long allocated = Measure(() =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                Assert.True(PredictRequestParser.TryParse(single, InputType.Doubles, inputs, out _));
                Assert.True(PredictRequestParser.TryParse(batch, InputType.Doubles, inputs, out _));
            }
        });

        Assert.Equal(3, inputs.Count);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(InputType.Doubles)]
    [InlineData(InputType.Floats)]
    [InlineData(InputType.Integers)]
    public void TryParse_NumbersSplitAcrossBufferSegments_ParseExactlyAndAllocateNothing(InputType type)
    {
        // One byte per segment puts every number across boundaries, as Kestrel's 4 KB buffers do now and then.
        string numbers = type == InputType.Integers ? "[123456, -98765, 2.0, 1e3, 424242]" : "[1234.5678, -0.000125, 6.02e23, 42, 3.25]";
        byte[] body = Encoding.UTF8.GetBytes("{\"input\": " + numbers + "}");
        ReadOnlySequence<byte> split = Sequences.OneBytePerSegment(body);
        using var whole = new ParsedInputs();
        using var inputs = new ParsedInputs();
        Assert.True(PredictRequestParser.TryParse(new ReadOnlySequence<byte>(body), type, whole, out _));

        long allocated = Measure(() =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                Assert.True(PredictRequestParser.TryParse(split, type, inputs, out _));
            }
        });

        Assert.Equal(whole.GetInput(0).ToArray(), inputs.GetInput(0).ToArray());
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TryParse_StringsAndBytesAfterWarmUp_AllocatesNothing()
    {
        ReadOnlySequence<byte> strings = new(Encoding.UTF8.GetBytes("""{"input_batch": ["hello \"world\"", "caf\u00e9", "plain"]}"""));
        ReadOnlySequence<byte> bytes = new(Encoding.UTF8.GetBytes("""{"input": "aGVsbG8gd29ybGQ="}"""));
        using var inputs = new ParsedInputs();

        long allocated = Measure(() =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                Assert.True(PredictRequestParser.TryParse(strings, InputType.Strings, inputs, out _));
                Assert.True(PredictRequestParser.TryParse(bytes, InputType.Bytes, inputs, out _));
            }
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WriteSingleAndWriteBatch_AfterWarmUp_AllocateNothing()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"label\": \"cat\", \"scores\": [0.9, 0.1]}");
        byte[] text = Encoding.UTF8.GetBytes("a plain \"quoted\" answer");
        byte[] number = Encoding.UTF8.GetBytes("0.75");
        QueryAnswer[] answers =
        [
            new(1, json, isDefault: false),
            new(2, text, isDefault: false),
            new(3, number, isDefault: true, DefaultExplanations.ObjectiveMissed),
        ];
        var output = new ArrayBufferWriter<byte>(4096);

        long allocated = Measure(() =>
        {
            for (int i = 0; i < Iterations; i++)
            {
                output.ResetWrittenCount();
                PredictResponseWriter.WriteSingle(output, answers[0]);
                PredictResponseWriter.WriteSingle(output, answers[1]);
                PredictResponseWriter.WriteBatch(output, answers);
            }
        });

        Assert.Equal(0, allocated);
    }

    /// <summary>Runs <paramref name="action"/> once to warm up, then returns what a second run allocated on this thread.</summary>
    private static long Measure(Action action)
    {
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string DoublesArray(int seed, int count)
    {
        var builder = new StringBuilder("[");
        for (int i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "" : ", ").Append(((seed * 1000) + (i * 0.125) - 3.5).ToString("R", CultureInfo.InvariantCulture));
        }

        return builder.Append(']').ToString();
    }
}
