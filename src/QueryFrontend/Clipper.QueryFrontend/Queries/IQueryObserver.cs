namespace Clipper.QueryFrontend.Queries;

/// <summary>Told when a query completes, before the request waiting on it resumes (the prediction cache's leaders).</summary>
internal interface IQueryObserver
{
    /// <summary>
    /// The query completed, with its output or a default. Runs on the thread that completed it (a replica's read loop,
    /// the deadline timer): it must be short and never block. The query's input and output stay valid throughout.
    /// </summary>
    /// <param name="query">The completed query.</param>
    void Completed(Query query);
}
