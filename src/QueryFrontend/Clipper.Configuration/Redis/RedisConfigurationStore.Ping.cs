using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>Whether Redis answers, for readiness probes.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <summary>Sends Redis a PING and waits at most <paramref name="timeout"/> for the answer.</summary>
    /// <param name="timeout">How long to wait for the answer.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Null when Redis answered; otherwise why not, for the log (it may name the address, so not for a probe's answer).</returns>
    public async Task<string?> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!_multiplexer.IsCompletedSuccessfully)
        {
            return _multiplexer.IsFaulted ? "the connection to Redis could not be created: " + _multiplexer.Exception!.GetBaseException().Message : "still connecting to Redis";
        }

        // Completed: no wait.
        var multiplexer = await _multiplexer.ConfigureAwait(false);
        if (!multiplexer.IsConnected)
        {
            // The client reconnects in the background; a PING now would only wait for its connect timeout.
            return "not connected to Redis " + _options.RedisAddress;
        }

        try
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (TimeoutException)
        {
            return $"Redis at {_options.RedisAddress} did not answer PING within {timeout.TotalMilliseconds:F0} ms";
        }
        catch (RedisException ex)
        {
            return $"Redis at {_options.RedisAddress} refused PING: {ex.Message}";
        }
    }
}
