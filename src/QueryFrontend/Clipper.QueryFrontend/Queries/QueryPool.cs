namespace Clipper.QueryFrontend.Queries;

/// <summary>
/// The queries the model answered, kept for reuse (see <see cref="Query"/>'s remarks for which ones may come back).
/// Bounded: past <see cref="Capacity"/> queries waiting for reuse, more are left to the collector, so a burst of
/// concurrent requests does not stay allocated after it.
/// </summary>
internal sealed class QueryPool
{
    /// <summary>How many queries the pool keeps at most: well above the queries in flight at a saturating load.</summary>
    public const int Capacity = 4096;

    private readonly Lock _lock = new();
    private readonly Query?[] _items = new Query?[Capacity];
    private int _count;

    /// <summary>Takes a query for reuse, or null when none is free (the caller creates one).</summary>
    public Query? Rent()
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return null;
            }

            var query = _items[--_count];
            _items[_count] = null;
            return query;
        }
    }

    /// <summary>Keeps a recycled query for reuse, unless the pool is full.</summary>
    public void Return(Query query)
    {
        lock (_lock)
        {
            if (_count < Capacity)
            {
                _items[_count++] = query;
            }
        }
    }
}
