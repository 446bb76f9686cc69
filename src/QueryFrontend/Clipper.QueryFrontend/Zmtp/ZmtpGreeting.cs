using System.Buffers;
using System.Text;

namespace Clipper.QueryFrontend.Zmtp;

/// <summary>
/// The ZMTP 3 greeting: ours (sent whole, at once) and the peer's (read as it arrives). libzmq sends its signature
/// alone and waits for the peer's before it sends the rest, so a server that waited for all 64 bytes first would
/// wait forever: the frontend sends its greeting as soon as it sees the first byte, and checks the peer's version and
/// mechanism as soon as they have arrived, so that a wrong peer fails at its first bytes rather than at a timeout.
/// </summary>
internal static class ZmtpGreeting
{
    /// <summary>The first byte of every ZMTP 2 and 3 greeting; no frame of our own protocol starts with it.</summary>
    public const byte SignatureStart = 0xFF;

    private const int VersionMajorOffset = 10;
    private const int VersionMinorOffset = 11;
    private const int MechanismOffset = 12;
    private const int MechanismBytes = 20;

    /// <summary>Ours: version 3.1, mechanism NULL, not as-server (NULL has no roles).</summary>
    public static ReadOnlySpan<byte> Server =>
    [
        0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, // signature; the padding is the 1.0-compatible length of an empty identity
        3, 1,                                // version 3.1
        (byte)'N', (byte)'U', (byte)'L', (byte)'L', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0,                                   // as-server
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>Writes our greeting.</summary>
    public static void Write(IBufferWriter<byte> output)
    {
        Server.CopyTo(output.GetSpan(ZmtpLimits.GreetingBytes));
        output.Advance(ZmtpLimits.GreetingBytes);
    }

    /// <summary>
    /// Reads the peer's greeting from the start of <paramref name="buffer"/>. Checks each part as soon as it has
    /// arrived: the signature, then the version (3.0 or later), then the mechanism (NULL only).
    /// </summary>
    /// <param name="buffer">The received bytes; sliced past the greeting when complete.</param>
    /// <param name="minorVersion">The peer's minor version when complete (0 for 3.0, 1 for 3.1; later ones are read as 3.1).</param>
    /// <param name="error">What was wrong, when invalid.</param>
    public static ZmtpReadStatus TryRead(ref ReadOnlySequence<byte> buffer, out byte minorVersion, out string? error)
    {
        minorVersion = 0;
        error = null;
        Span<byte> greeting = stackalloc byte[ZmtpLimits.GreetingBytes];
        var available = (int)Math.Min(buffer.Length, ZmtpLimits.GreetingBytes);
        buffer.Slice(0, available).CopyTo(greeting);
        if (available >= 1 && greeting[0] != SignatureStart)
        {
            error = $"a ZMTP greeting starts with 0xFF; got 0x{greeting[0]:X2}";
            return ZmtpReadStatus.Invalid;
        }

        if (available >= 10 && (greeting[9] & 0x01) == 0)
        {
            error = "the peer speaks ZMTP 1.0 (its signature ends with an even byte); expected ZMTP 3.0 or later (libzmq 4)";
            return ZmtpReadStatus.Invalid;
        }

        if (available > VersionMajorOffset && greeting[VersionMajorOffset] < 3)
        {
            error = $"the peer speaks ZMTP {greeting[VersionMajorOffset]}.x; expected ZMTP 3.0 or later (libzmq 4)";
            return ZmtpReadStatus.Invalid;
        }

        if (available >= MechanismOffset + MechanismBytes && !IsNullMechanism(greeting.Slice(MechanismOffset, MechanismBytes)))
        {
            error = $"the peer asks for the security mechanism '{DescribeMechanism(greeting.Slice(MechanismOffset, MechanismBytes))}'; this frontend supports NULL only (no CURVE or PLAIN)";
            return ZmtpReadStatus.Invalid;
        }

        if (available < ZmtpLimits.GreetingBytes)
        {
            return ZmtpReadStatus.Incomplete;
        }

        minorVersion = greeting[VersionMajorOffset] > 3 ? (byte)1 : Math.Min(greeting[VersionMinorOffset], (byte)1);
        buffer = buffer.Slice(ZmtpLimits.GreetingBytes);
        return ZmtpReadStatus.Complete;
    }

    /// <summary>Describes a greeting cut off by the end of the connection.</summary>
    public static string DescribeTruncated(long received) =>
        $"the connection closed after {received} bytes of the {ZmtpLimits.GreetingBytes}-byte ZMTP greeting";

    private static bool IsNullMechanism(ReadOnlySpan<byte> mechanism) =>
        mechanism.StartsWith("NULL"u8) && !mechanism[4..].ContainsAnyExcept((byte)0);

    private static string DescribeMechanism(ReadOnlySpan<byte> mechanism)
    {
        var end = mechanism.IndexOf((byte)0);
        var name = end < 0 ? mechanism : mechanism[..end];
        return Encoding.ASCII.GetString(name).Replace('\'', '?');
    }
}
