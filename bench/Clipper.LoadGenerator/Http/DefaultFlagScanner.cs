namespace Clipper.LoadGenerator.Http;

/// <summary>
/// Finds <c>"default":true</c> or <c>"default":false</c> in a response body read in chunks, by a
/// byte search (the frontend writes compact JSON), so classifying an answer needs no JSON parse.
/// </summary>
internal struct DefaultFlagScanner
{
    /// <summary>Bytes kept from a full buffer so a flag split across two reads is still found.</summary>
    public const int Overlap = 14; // "\"default\":false".Length - 1

    private static ReadOnlySpan<byte> DefaultTrue => "\"default\":true"u8;

    private static ReadOnlySpan<byte> DefaultFalse => "\"default\":false"u8;

    /// <summary>True once <c>"default":true</c> was seen.</summary>
    public bool SawTrue { get; private set; }

    /// <summary>True once <c>"default":false</c> was seen.</summary>
    public bool SawFalse { get; private set; }

    /// <summary>
    /// Scans <c>buffer[..filled]</c> and returns where the next read should go: <paramref name="filled"/>
    /// while there is room, or <see cref="Overlap"/> after moving the tail of a full buffer to its front.
    /// </summary>
    public int Scan(Span<byte> buffer, int filled)
    {
        ReadOnlySpan<byte> data = buffer[..filled];
        if (!SawTrue && data.IndexOf(DefaultTrue) >= 0)
        {
            SawTrue = true;
        }

        if (!SawFalse && data.IndexOf(DefaultFalse) >= 0)
        {
            SawFalse = true;
        }

        if (filled < buffer.Length)
        {
            return filled;
        }

        buffer[^Overlap..].CopyTo(buffer);
        return Overlap;
    }

    /// <summary>The outcome of a 2xx response whose body was scanned.</summary>
    public readonly ResponseOutcome Classify() =>
        SawTrue ? ResponseOutcome.Default : SawFalse ? ResponseOutcome.Ok : ResponseOutcome.Error;
}
