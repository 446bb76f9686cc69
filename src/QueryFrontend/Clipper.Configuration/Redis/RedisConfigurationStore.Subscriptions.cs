using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>Change notifications.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <inheritdoc />
    public Task<IAsyncDisposable> SubscribeAsync(Action<string> onChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        return RunAsync<IAsyncDisposable>("subscribe", async _ =>
        {
            var multiplexer = await _multiplexer.ConfigureAwait(false);
            var subscriber = multiplexer.GetSubscriber();
            var subscription = new Subscription(subscriber, _keys.Changes, (_, message) => onChange(message.ToString()));
            var subscribed = false;
            try
            {
                // StackExchange.Redis re-subscribes by itself after a reconnection.
                await subscriber.SubscribeAsync(_keys.Changes, subscription.Handler).WaitAsync(cancellationToken).ConfigureAwait(false);
                subscribed = true;
                return subscription;
            }
            finally
            {
                if (!subscribed)
                {
                    // A failed subscribe may still have registered the handler, which would then be re-subscribed later.
                    subscription.Cancel();
                }
            }
        }, cancellationToken);
    }

    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
    {
        private int _disposed;

        public Action<RedisChannel, RedisValue> Handler => handler;

        public void Cancel()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                // Fire-and-forget removes the handler locally at once and does not wait for a server that may be away.
                subscriber.Unsubscribe(channel, handler, CommandFlags.FireAndForget);
            }
        }

        public ValueTask DisposeAsync()
        {
            Cancel();
            return ValueTask.CompletedTask;
        }
    }
}
