namespace Clipper.QueryFrontend.Zmtp;

/// <summary>The sizes this ZMTP server accepts, named so that errors can say which limit a peer passed.</summary>
internal static class ZmtpLimits
{
    /// <summary>The length of a ZMTP 3 greeting: signature (10), version (2), mechanism (20), as-server (1), filler (31).</summary>
    public const int GreetingBytes = 64;

    /// <summary>
    /// The largest command body (READY, ERROR, PING...). A READY carries a few short properties and the others at most
    /// 256 bytes: a peer that is not yet known must not make the frontend buffer more than this.
    /// </summary>
    public const int MaxCommandBytes = 4096;

    /// <summary>The largest PING context (ZMTP 3.1: 0 to 16 bytes).</summary>
    public const int MaxPingContextBytes = 16;
}
