using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Management;

/// <summary>Starts a management frontend with its own key prefix for each test, over the class's Redis server.</summary>
public abstract class ManagementTestBase(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private ManagementFrontendHost? _frontend;

    protected RedisFixture Redis => redis;

    protected ManagementFrontendHost Frontend => _frontend ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync() => _frontend = await ManagementFrontendHost.StartAsync(redis.Server.Address).WithTimeout();

    public async Task DisposeAsync()
    {
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync().AsTask().WithTimeout();
        }
    }
}
