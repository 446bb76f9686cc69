using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Benchmarks.Payloads;

/// <summary>
/// Builds one input of a <see cref="Payload"/> in each of its forms: the JSON a client posts, the
/// wire form the frontend sends to a container, and the text a model answers with.
/// </summary>
/// <remarks>
/// Doubles are pseudo-random with all 17 significant digits, as clients serializing full-precision
/// features send them; each input gets its own values from its seed. Strings are plain ASCII with
/// nothing to escape.
/// </remarks>
internal static class PayloadData
{
    private const string ShortText = "The quick brown fox jumps over the lazy dog";
    private const int LongTextBytes = 4096;

    private static readonly string s_longText = BuildLongText();

    /// <summary>The input type of the payload.</summary>
    public static InputType InputType(Payload payload) => payload switch
    {
        Payload.Floats784 => ModelRpc.Protocol.InputType.Floats,
        _ when IsNumbers(payload) => ModelRpc.Protocol.InputType.Doubles,
        _ => ModelRpc.Protocol.InputType.Strings,
    };

    /// <summary>One input as the JSON value of <c>"input"</c>, for example <c>[1.5, -2.25]</c> or <c>"text"</c>.</summary>
    public static string Json(Payload payload, int seed)
    {
        if (!IsNumbers(payload))
        {
            return "\"" + Text(payload) + "\"";
        }

        if (payload == Payload.Floats784)
        {
            return "[" + string.Join(", ", Array.ConvertAll(Doubles(payload, seed), d => d.ToString("F6", CultureInfo.InvariantCulture))) + "]";
        }

        // ", " as Python's json.dumps writes it: Clipper's clients are mostly Python.
        return "[" + string.Join(", ", Array.ConvertAll(Doubles(payload, seed), d => d.ToString("R", CultureInfo.InvariantCulture))) + "]";
    }

    /// <summary>One input in wire form: doubles packed little-endian, strings as UTF-8.</summary>
    public static byte[] Wire(Payload payload, int seed)
    {
        if (!IsNumbers(payload))
        {
            return Encoding.UTF8.GetBytes(Text(payload));
        }

        double[] values = Doubles(payload, seed);
        if (payload == Payload.Floats784)
        {
            byte[] floats = new byte[values.Length * sizeof(float)];
            for (int i = 0; i < values.Length; i++)
            {
                // The value the F6 text rounds to, as the frontend parses it.
                float parsed = float.Parse(values[i].ToString("F6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                BinaryPrimitives.WriteSingleLittleEndian(floats.AsSpan(i * sizeof(float)), parsed);
            }

            return floats;
        }

        byte[] wire = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(wire.AsSpan(i * sizeof(double)), values[i]);
        }

        return wire;
    }

    /// <summary>
    /// What a model answers for the input: the same value as text (the doubles as a JSON array),
    /// so a response is about as large as its request.
    /// </summary>
    public static string Output(Payload payload, int seed) => IsNumbers(payload) ? Json(payload, seed) : Text(payload);

    /// <summary>The number of numbers (doubles or floats) in one input, or 0 for a string payload.</summary>
    public static int NumberCount(Payload payload) => payload switch
    {
        Payload.Doubles4 => 4,
        Payload.Doubles1024 => 1024,
        Payload.Floats784 => 784,
        _ => 0,
    };

    private static bool IsNumbers(Payload payload) => NumberCount(payload) > 0;

    private static double[] Doubles(Payload payload, int seed)
    {
        var random = new Random(seed);
        double[] values = new double[NumberCount(payload)];
        for (int i = 0; i < values.Length; i++)
        {
            // Floats784 is pixel-like, in [0, 1); the doubles are features of either sign.
            values[i] = payload == Payload.Floats784 ? random.NextDouble() : (random.NextDouble() - 0.5) * 200;
        }

        return values;
    }

    private static string Text(Payload payload) => payload switch
    {
        Payload.ShortString => ShortText,
        Payload.String4K => s_longText,
        _ => throw new ArgumentOutOfRangeException(nameof(payload), payload, "Expected a string payload."),
    };

    private static string BuildLongText()
    {
        var builder = new StringBuilder(LongTextBytes + ShortText.Length);
        while (builder.Length < LongTextBytes)
        {
            builder.Append(ShortText).Append(". ");
        }

        return builder.ToString(0, LongTextBytes);
    }
}
