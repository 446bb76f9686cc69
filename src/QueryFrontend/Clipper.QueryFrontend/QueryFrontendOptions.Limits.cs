namespace Clipper.QueryFrontend;

/// <content>
/// The limits of the HTTP API: what one client may hold or send. Each excess gets a precise 4xx or a closed
/// connection, never a crash. The RPC port is bounded separately (<see cref="MaxFrameBytes"/>, <see cref="HandshakeTimeout"/>).
/// </content>
public sealed partial class QueryFrontendOptions
{
    /// <summary>The default of <see cref="MaxInputBytes"/>: 8 MiB.</summary>
    public const int DefaultMaxInputBytes = 8 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxJsonDepth"/>: 32.</summary>
    public const int DefaultMaxJsonDepth = 32;

    /// <summary>
    /// The most HTTP connections open at once, over the HTTP port and the shared HTTP port together; a connection
    /// past it is closed as soon as it is accepted. Model containers on the RPC port do not count, so a flood of
    /// clients cannot keep replicas from connecting. Default 10,000.
    /// </summary>
    public int MaxConcurrentConnections { get; set; } = 10_000;

    /// <summary>The largest total size of one request's header lines, in bytes; larger ones get 431. Default 32 KiB.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>The most header lines one request may carry; more get 431. Default 100.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>
    /// How long a client may take to send a request's headers (from the request's first byte, or from the end of
    /// the previous request on a kept-alive connection) before its connection is answered 408 and closed. Default 10 s.
    /// </summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The slowest a request body may arrive, in bytes per second, averaged from the start of the body after
    /// <see cref="MinRequestBodyRateGracePeriod"/>; a slower client is answered 408 and its connection closed.
    /// 0 turns the check off. Default 240 (Kestrel's).
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/> before the rate counts. More than 1 s; default 5 s.</summary>
    public TimeSpan MinRequestBodyRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest prediction request body, in bytes; larger ones get 413. Default 16 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The deepest a request body's JSON may nest; deeper ones get 400. A valid body needs 3. Default 32.</summary>
    public int MaxJsonDepth { get; set; } = DefaultMaxJsonDepth;

    /// <summary>The most inputs one <c>input_batch</c> may hold; more get 400. Default 10,000.</summary>
    public int MaxInputsPerRequest { get; set; } = 10_000;

    /// <summary>
    /// The largest one input may be in wire form, in bytes (what the model receives: 8 bytes per double, 4 per float
    /// or integer, the decoded bytes of a base64 string, the UTF-8 of a string); larger ones get 400 naming the
    /// input. Default 8 MiB.
    /// </summary>
    public int MaxInputBytes { get; set; } = DefaultMaxInputBytes;

    private void ValidateLimits()
    {
        CheckAtLeast(MaxConcurrentConnections, 1, nameof(MaxConcurrentConnections));
        CheckAtLeast(MaxRequestHeadersBytes, 1024, nameof(MaxRequestHeadersBytes));
        CheckAtLeast(MaxRequestHeaderCount, 1, nameof(MaxRequestHeaderCount));
        CheckAtLeast(MaxRequestBodyBytes, 64, nameof(MaxRequestBodyBytes));
        CheckAtLeast(MaxJsonDepth, 3, nameof(MaxJsonDepth), " (a prediction request nests 3 levels: {\"input_batch\": [[1.0]]})");
        CheckAtLeast(MaxInputsPerRequest, 1, nameof(MaxInputsPerRequest));
        CheckAtLeast(MaxInputBytes, 8, nameof(MaxInputBytes), " (one double is 8 bytes)");
        if (RequestHeadersTimeout < TimeSpan.FromSeconds(1))
        {
            throw OptionErrors.OutOfRange(nameof(RequestHeadersTimeout), RequestHeadersTimeout, "at least 1 s (Kestrel checks timeouts once a second)");
        }

        if (!double.IsFinite(MinRequestBodyBytesPerSecond) || MinRequestBodyBytesPerSecond < 0)
        {
            throw OptionErrors.OutOfRange(nameof(MinRequestBodyBytesPerSecond), MinRequestBodyBytesPerSecond, "0 (no minimum) or a positive number of bytes per second");
        }

        if (MinRequestBodyRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            throw OptionErrors.OutOfRange(nameof(MinRequestBodyRateGracePeriod), MinRequestBodyRateGracePeriod, "more than 1 s (Kestrel checks the rate once a second)");
        }
    }

    private static void CheckAtLeast(long value, long minimum, string name, string why = "")
    {
        if (value < minimum)
        {
            throw OptionErrors.OutOfRange(name, value, $"at least {minimum}{why}");
        }
    }
}
