using System.Buffers;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Queries;

/// <summary>Builds queries of one test application, and output sequences that reference the caller's arrays.</summary>
internal static class TestQueries
{
    // Generous: the suite runs beside integration tests that start clusters and build images on two cores.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The application's default output; non-ASCII so that it is plainly UTF-8.</summary>
    public static byte[] DefaultOutput { get; } = "\"défaut\""u8.ToArray();

    public static Query Create(long queryId = 1) => new(queryId, new byte[] { 1, 2, 3 }, deadline: 0, DefaultOutput);

    /// <summary>One segment per array, without copying: mutating an array changes the sequence.</summary>
    public static ReadOnlySequence<byte> Segments(params byte[][] pieces) => Sequences.FromPieces(pieces);
}
