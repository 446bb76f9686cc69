namespace Clipper.QueryFrontend.Caching;

/// <summary>What a <see cref="PredictionCache"/> did with a query.</summary>
internal enum CacheLookup
{
    /// <summary>The cache held the answer: the query is complete.</summary>
    Hit,

    /// <summary>An identical query is being evaluated: this one waits for its answer and must not be queued.</summary>
    Joined,

    /// <summary>The cache does not hold the input: the caller queues the query, whose answer the cache will keep.</summary>
    Lead,

    /// <summary>Another input with the same hash holds the slot (a 64-bit collision): the caller queues the query, uncached.</summary>
    Bypass,
}
