namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>
/// Disposes what a test started, in reverse order, each disposal bounded by <see cref="TestTimeouts.Default"/>,
/// so cleanup can neither be forgotten nor hang.
/// </summary>
public sealed class TestScope : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _resources = new();

    /// <summary>Takes ownership of a resource.</summary>
    /// <typeparam name="T">The resource type.</typeparam>
    /// <param name="resource">The resource.</param>
    /// <returns>The resource.</returns>
    public T Add<T>(T resource)
        where T : IAsyncDisposable
    {
        _resources.Push(resource);
        return resource;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        while (_resources.TryPop(out var resource))
        {
            try
            {
                await resource.DisposeAsync().AsTask().WithTimeout();
            }
            catch (Exception ex)
            {
                // Keep cleaning up the rest; report everything at the end.
                failures.Add(ex);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Test cleanup failed.", failures);
        }
    }
}
