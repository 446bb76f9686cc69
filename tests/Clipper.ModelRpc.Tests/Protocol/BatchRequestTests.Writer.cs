using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Tests.Protocol;

public partial class BatchRequestTests
{
    [Fact]
    public void Write_NumericInputNotAMultipleOfElementSize_Throws()
    {
        var output = new ArrayBufferWriter<byte>();
        ReadOnlyMemory<byte>[] inputs = [new byte[8], new byte[6]];

        var ex = Assert.Throws<ArgumentException>(() => BatchRequestWriter.Write(output, 1, InputType.Doubles, inputs));

        Assert.Contains("Input 1 holds 6 bytes; doubles inputs must be a multiple of 8 bytes.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetFrameLength_EqualsBytesWritten()
    {
        ReadOnlyMemory<byte>[] inputs = [new byte[40], new byte[300], new byte[70_000], ReadOnlyMemory<byte>.Empty];
        foreach (InputType inputType in new[] { InputType.Integers, InputType.Strings })
        {
            var output = new ArrayBufferWriter<byte>();
            BatchRequestWriter.Write(output, 1UL << 40, inputType, inputs);

            Assert.Equal(output.WrittenCount, BatchRequestWriter.GetFrameLength(1UL << 40, inputType, inputs));
        }
    }

    [Fact]
    public void GetFrameOverheadPlusInputLengths_EqualsBytesWritten()
    {
        ReadOnlyMemory<byte>[] inputs = [new byte[40], new byte[300], new byte[70_000], ReadOnlyMemory<byte>.Empty];
        foreach (InputType inputType in new[] { InputType.Integers, InputType.Strings, InputType.Bytes })
        {
            var output = new ArrayBufferWriter<byte>();
            BatchRequestWriter.Write(output, 1UL << 40, inputType, inputs);

            long summed = BatchRequestWriter.GetFrameOverhead(1UL << 40, inputType, inputs.Length);
            foreach (var input in inputs)
            {
                summed += BatchRequestWriter.GetInputLength(inputType, input.Length);
            }

            Assert.Equal(output.WrittenCount, summed);
        }
    }

    [Fact]
    public void GetFrameOverhead_WithLargerIdAndCount_IsAnUpperBound()
    {
        Assert.True(BatchRequestWriter.GetFrameOverhead(1UL << 40, InputType.Doubles, 70_000) >= BatchRequestWriter.GetFrameOverhead(1, InputType.Doubles, 3));
    }

    [Fact]
    public void Write_InSteadyState_AllocatesNothing()
    {
        var output = new ArrayBufferWriter<byte>(1 << 16);
        ReadOnlyMemory<byte>[] inputs = [new byte[16], new byte[400], new byte[8]];
        BatchRequestWriter.Write(output, 1, InputType.Doubles, inputs);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ulong id = 0; id < 100; id++)
        {
            output.ResetWrittenCount();
            BatchRequestWriter.Write(output, id, InputType.Doubles, inputs);
            BatchRequestWriter.Write(output, id, InputType.Strings, inputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void InputDecoderCreate_TypeMismatch_NamesBothTypes()
    {
        var ex = Assert.Throws<ArgumentException>(() => InputDecoder.Create<string>(InputType.Integers));

        Assert.Contains("Input type 'integers' delivers Int32[] inputs, but the predict function takes String", ex.Message, StringComparison.Ordinal);
    }
}
