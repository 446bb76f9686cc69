namespace Clipper.QueryFrontend.Queries;

/// <summary>The life of a <see cref="Query"/>; moves forward only, except InFlight back to Queued when a replica is lost.</summary>
internal enum QueryState
{
    Queued = 0,
    Copying = 1,
    InFlight = 2,
    Completed = 3,
}
