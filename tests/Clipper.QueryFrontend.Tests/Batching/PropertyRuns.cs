using CsCheck;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>
/// How many cases each property tries. The defaults keep the whole set to a few seconds in CI; the CsCheck_Iter,
/// CsCheck_Time and CsCheck_Seed environment variables, which CsCheck reads, override them for a longer hunt or a replay.
/// </summary>
internal static class PropertyRuns
{
    /// <summary>The iterations to pass to a property: <paramref name="ciDefault"/> unless CsCheck_Iter is set.</summary>
    public static long Iter(long ciDefault) =>
        Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? ciDefault : Check.Iter;
}
