using StackExchange.Redis;

namespace Clipper.Faults.Cluster;

/// <summary>Counts the configuration in Redis by its layout (docs/redis-layout.md), under the cluster's key prefix.</summary>
internal static class ConfigurationCounter
{
    /// <summary>The key prefix both frontends use by default.</summary>
    public const string DefaultPrefix = "clipper:";

    /// <summary>Counts apps, models and links; retries while Redis is away or loading, up to <paramref name="timeout"/>.</summary>
    public static async Task<ConfigurationCount> CountAsync(RedisProcess redis, TimeSpan timeout, string prefix = DefaultPrefix)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await using var connection = await redis.ConnectAsync().ConfigureAwait(false);
                var db = connection.GetDatabase();
                var apps = await db.SetMembersAsync(prefix + "apps").ConfigureAwait(false);
                long links = 0;
                foreach (var app in apps)
                {
                    links += await db.SetLengthAsync(prefix + "links:" + app).ConfigureAwait(false);
                }

                var models = await db.SetLengthAsync(prefix + "models").ConfigureAwait(false);
                return new ConfigurationCount(apps.Length, models, links);
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }
}
