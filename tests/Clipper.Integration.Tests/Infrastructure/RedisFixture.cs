namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>One Redis server shared by the tests of a class; tests isolate themselves with <see cref="TestKeys.NewPrefix"/>.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    /// <summary>The server.</summary>
    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await RedisServer.StartAsync().WithTimeout();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().AsTask().WithTimeout();
        }
    }
}
