namespace Clipper.Admin.Management;

/// <content>The limits of the <c>/admin</c> API: what one client may hold or send. Each excess gets a precise 4xx or a closed connection.</content>
public sealed partial class ManagementFrontendOptions
{
    /// <summary>The most connections open at once; Kestrel closes a connection past it as soon as it is accepted. Default 1,000.</summary>
    public int MaxConcurrentConnections { get; set; } = 1_000;

    /// <summary>The largest total size of one request's header lines, in bytes; larger ones get 431. Default 32 KiB.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>The most header lines one request may carry; more get 431. Default 100.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>How long a client may take to send a request's headers before its connection is answered 408 and closed. Default 10 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The slowest a request body may arrive, in bytes per second, after <see cref="MinRequestBodyRateGracePeriod"/>;
    /// a slower client is answered 408 and its connection closed, and nothing of its request is stored. 0 turns the
    /// check off. Default 240 (Kestrel's).
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/> before the rate counts. More than 1 s; default 5 s.</summary>
    public TimeSpan MinRequestBodyRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest request body accepted, in bytes; larger bodies are answered with 413. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The deepest a request body's JSON may nest; deeper ones get 400. The deepest valid body needs 2. Default 32.</summary>
    public int MaxJsonDepth { get; set; } = 32;

    private void ValidateLimits()
    {
        CheckAtLeast(MaxConcurrentConnections, 1, nameof(MaxConcurrentConnections));
        CheckAtLeast(MaxRequestHeadersBytes, 1024, nameof(MaxRequestHeadersBytes));
        CheckAtLeast(MaxRequestHeaderCount, 1, nameof(MaxRequestHeaderCount));
        CheckAtLeast(MaxRequestBodyBytes, 1024, nameof(MaxRequestBodyBytes));
        CheckAtLeast(MaxJsonDepth, 2, nameof(MaxJsonDepth), " (add_model's labels nest 2 levels: {\"labels\": [\"a\"]})");
        if (RequestHeadersTimeout < TimeSpan.FromSeconds(1))
        {
            throw OutOfRange(nameof(RequestHeadersTimeout), RequestHeadersTimeout, "at least 1 s (Kestrel checks timeouts once a second)");
        }

        if (!double.IsFinite(MinRequestBodyBytesPerSecond) || MinRequestBodyBytesPerSecond < 0)
        {
            throw OutOfRange(nameof(MinRequestBodyBytesPerSecond), MinRequestBodyBytesPerSecond, "0 (no minimum) or a positive number of bytes per second");
        }

        if (MinRequestBodyRateGracePeriod <= TimeSpan.FromSeconds(1))
        {
            throw OutOfRange(nameof(MinRequestBodyRateGracePeriod), MinRequestBodyRateGracePeriod, "more than 1 s (Kestrel checks the rate once a second)");
        }
    }

    private static void CheckAtLeast(long value, long minimum, string name, string why = "")
    {
        if (value < minimum)
        {
            throw OutOfRange(name, value, $"at least {minimum}{why}");
        }
    }

    private static ArgumentException OutOfRange(string name, object value, string expected) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} must be {expected}; got {value}."), name);
}
