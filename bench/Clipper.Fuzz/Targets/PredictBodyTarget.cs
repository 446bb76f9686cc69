using System.Buffers;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// A <c>POST /{app}/predict</c> body parsed for an application of each input type, from the two-segment sequence (the
/// path of a body Kestrel hands over in blocks) and from one segment: both must give the same inputs or error.
/// </summary>
internal static class PredictBodyTarget
{
    // Small, so that afl reaches the limit with short batches.
    private const int MaxInputs = 8;

    private static readonly InputType[] s_types = [InputType.Integers, InputType.Floats, InputType.Doubles, InputType.Bytes, InputType.Strings];

    public static void Run(byte[] input)
    {
        var fuzz = FuzzInput.From(input);
        var contiguous = new ReadOnlySequence<byte>(fuzz.Bytes);
        foreach (var type in s_types)
        {
            Check.Equal(Parse(contiguous, type), Parse(fuzz.Sequence, type), $"{type.ToName()}: one segment and two");
        }
    }

    private static string Parse(ReadOnlySequence<byte> body, InputType type)
    {
        using var into = new ParsedInputs();
        if (!PredictRequestParser.TryParse(body, type, MaxInputs, into, out var error))
        {
            Check.Equal(0, into.Count, $"{type.ToName()}: a rejected body leaves no input");
            Check.That(error.Error is RequestError.JsonError or RequestError.QueryProcessingError, $"{type.ToName()}: one of Clipper's two errors");
            Check.That(!string.IsNullOrEmpty(error.Cause), $"{type.ToName()}: a rejection says why");
            return $"{error.Error}: {error.Cause}";
        }

        Check.That(into.Count >= 1 && into.Count <= MaxInputs, $"{type.ToName()}: 1 to MaxInputs inputs");
        Check.That(into.IsBatch || into.Count == 1, $"{type.ToName()}: \"input\" is one input");
        Check.Equal(type, into.InputType, "the parsed type");
        int size = type.ElementSize();
        var parts = new List<string>(into.Count);
        for (int i = 0; i < into.Count; i++)
        {
            var wire = into.GetInput(i);
            Check.That(size == 0 || wire.Length % size == 0, $"{type.ToName()}: input {i} holds whole elements");
            parts.Add(Convert.ToHexString(wire.Span));
        }

        return (into.IsBatch ? "batch " : "input ") + string.Join(',', parts);
    }
}
