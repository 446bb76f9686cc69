using System.Buffers;
using System.Buffers.Binary;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Tests.Http;

/// <summary>Shared assertions for parser tests.</summary>
internal static class ParseHelper
{
    public static ParsedInputs ParseOk(string json, InputType type)
    {
        var inputs = new ParsedInputs();
        bool ok = PredictRequestParser.TryParse(Sequences.Single(json), type, inputs, out RequestError error);
        Assert.True(ok, $"Expected {json} to parse as {type}; got {error.Error}: {error.Cause}");
        return inputs;
    }

    public static RequestError ParseFails(string json, InputType type, int maxInputs = PredictRequestParser.DefaultMaxInputs)
    {
        using var inputs = new ParsedInputs();
        bool ok = PredictRequestParser.TryParse(Sequences.Single(json), type, maxInputs, inputs, out RequestError error);
        Assert.False(ok, $"Expected {json} to be rejected as {type}");
        Assert.Equal(0, inputs.Count);
        return error;
    }

    public static RequestError ParseFails(ReadOnlySequence<byte> body, InputType type)
    {
        using var inputs = new ParsedInputs();
        Assert.False(PredictRequestParser.TryParse(body, type, inputs, out RequestError error));
        return error;
    }

    public static byte[] Doubles(params double[] values)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        }

        return bytes;
    }

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    public static byte[] Ints(params int[] values)
    {
        var bytes = new byte[values.Length * sizeof(int)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        }

        return bytes;
    }

    public static void AssertInput(ParsedInputs inputs, int index, byte[] expected) =>
        Assert.Equal(expected, inputs.GetInput(index).ToArray());
}
