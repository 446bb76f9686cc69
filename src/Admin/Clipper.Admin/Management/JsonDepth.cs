using System.Text.Json;

namespace Clipper.Admin.Management;

/// <summary>Tells a body that nests too deep from one that is not JSON. Runs on the error path only.</summary>
internal static class JsonDepth
{
    /// <summary>
    /// Whether <paramref name="body"/> nests deeper than <paramref name="maxDepth"/>: a reader limited to it stops
    /// earlier than a reader allowed one level more, which a syntax fault would stop at the same place.
    /// </summary>
    /// <param name="body">The request body.</param>
    /// <param name="maxDepth">The depth limit the parse failed with.</param>
    /// <returns><see langword="true"/> when the depth limit, not the syntax, ended the parse.</returns>
    public static bool Exceeds(ReadOnlySpan<byte> body, int maxDepth) => ReachedBytes(body, maxDepth) < ReachedBytes(body, maxDepth + 1);

    private static long ReachedBytes(ReadOnlySpan<byte> body, int maxDepth)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            // Only how far the reader got matters.
        }

        return reader.BytesConsumed;
    }
}
