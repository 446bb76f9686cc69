using System.Buffers;
using System.Globalization;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Oip;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Oip;

/// <summary>The inference path must not allocate once buffers and caches are warm (queries aside, one per row as for predictions).</summary>
public sealed class OipAllocationTests
{
    private const int Iterations = 200;

    [Fact]
    public void TryParse_TypicalFp64BatchAfterWarmUp_AllocatesNothing()
    {
        var body = Encoding.UTF8.GetBytes(
            "{\"id\": \"r-1\", \"inputs\": [{\"name\": \"x\", \"datatype\": \"FP64\", \"shape\": [4, 64], \"data\": " + Rows(4, 64) + "}], \"outputs\": [{\"name\": \"output\"}]}");
        using var rows = new ParsedInputs();

        var allocated = Measure(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                Assert.True(OipRequestParser.TryParse(body, OipParse.Model, InputType.Doubles, ParseLimits.WithMaxInputs(1000), rows, out _, out _));
            }
        });

        Assert.Equal(4, rows.Count);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WriteInference_AfterWarmUp_AllocatesNothing()
    {
        var target = OipResponseWriterTests.Target();
        var queries = new Query[8];
        for (var i = 0; i < queries.Length; i++)
        {
            queries[i] = new Query(i, ReadOnlyMemory<byte>.Empty, 0, "none"u8.ToArray());
            queries[i].TryCompleteWithOutput(new ReadOnlySequence<byte>("0.25"u8.ToArray()));
        }

        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var allocated = Measure(() =>
        {
            for (var i = 0; i < Iterations; i++)
            {
                output.ResetWrittenCount();
                OipResponseWriter.WriteInference(output, "\"r-1\""u8, target, queries);
            }
        });

        Assert.Equal(0, allocated);
    }

    private static long Measure(Action action)
    {
        action();
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string Rows(int rows, int columns)
    {
        var builder = new StringBuilder("[");
        for (var r = 0; r < rows; r++)
        {
            builder.Append(r == 0 ? "[" : ", [");
            for (var c = 0; c < columns; c++)
            {
                builder.Append(c == 0 ? "" : ", ").Append(((r * 1000) + (c * 0.125) - 3.5).ToString("R", CultureInfo.InvariantCulture));
            }

            builder.Append(']');
        }

        return builder.Append(']').ToString();
    }
}
