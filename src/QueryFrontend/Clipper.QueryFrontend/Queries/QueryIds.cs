namespace Clipper.QueryFrontend.Queries;

/// <summary>The frontend's query ids: one sequence for every protocol, so that an id names one query in logs and answers.</summary>
internal static class QueryIds
{
    private static long s_last;

    public static long Next() => Interlocked.Increment(ref s_last);
}
