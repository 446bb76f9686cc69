namespace Clipper.Configuration.Redis;

/// <summary>How to reach the Redis server that holds the configuration, and how to lay keys out in it.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>The Redis address as <c>host:port</c> (StackExchange.Redis configuration strings are accepted too). Default <c>localhost:6379</c>.</summary>
    public string RedisAddress { get; set; } = "localhost:6379";

    /// <summary>
    /// The prefix of every key and of the change channel. Default <c>clipper:</c>. Distinct prefixes let
    /// several clusters (or tests) share one Redis database.
    /// </summary>
    public string KeyPrefix { get; set; } = "clipper:";

    /// <summary>How long one connection attempt may take. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one Redis command may wait, including while the connection is being restored. Default 5 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The pause between reconnection attempts after the connection is lost. Default 1 s.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many times a change (or a snapshot read) is tried when other changes keep racing it before it
    /// is given up with <see cref="ConfigurationErrorCode.ConcurrentModification"/>. Default 16.
    /// </summary>
    public int MaxAttempts { get; set; } = 16;

    /// <summary>The password Redis requires (its <c>requirepass</c>, or an ACL user's); none by default. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The ACL user to authenticate as with <see cref="Password"/>; none (Redis's <c>default</c> user) by default.</summary>
    public string? User { get; set; }

    /// <summary>The client name shown by Redis <c>CLIENT LIST</c>. Default <c>clipper</c>.</summary>
    public string ClientName { get; set; } = "clipper";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and the value.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RedisAddress))
        {
            throw new ArgumentException($"{nameof(RedisAddress)} must be 'host:port'; got '{RedisAddress}'.", nameof(RedisAddress));
        }

        ArgumentNullException.ThrowIfNull(KeyPrefix, nameof(KeyPrefix));
        ArgumentNullException.ThrowIfNull(ClientName, nameof(ClientName));
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(OperationTimeout, nameof(OperationTimeout));
        RequirePositive(ReconnectInterval, nameof(ReconnectInterval));
        if (MaxAttempts < 1)
        {
            throw new ArgumentException($"{nameof(MaxAttempts)} must be at least 1; got {MaxAttempts}.", nameof(MaxAttempts));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException($"{name} must be positive and below {int.MaxValue} ms; got {value}.", name);
        }
    }
}
