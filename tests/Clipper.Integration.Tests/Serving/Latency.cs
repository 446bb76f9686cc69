namespace Clipper.Integration.Tests.Serving;

/// <summary>The bound the serving tests hold answers to: due at a moment (a latency objective, a replica's death), answered by then plus a stated margin.</summary>
public static class Latency
{
    /// <summary>
    /// How late an answer may be measured from the test: the frontend answers on time to the millisecond, and the
    /// margin covers the HTTP client, the loopback and a test host shared with parallel test classes and builds on two
    /// cores. Each test keeps what it rules out (a model's own, slower answer) well beyond the bound.
    /// </summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(500);

    /// <summary>Asserts that <paramref name="elapsed"/> is at most <paramref name="due"/> plus <see cref="Margin"/>.</summary>
    public static void AssertAnsweredBy(TimeSpan elapsed, TimeSpan due, string what) =>
        Assert.True(
            elapsed <= due + Margin,
            $"{what} took {elapsed.TotalMilliseconds:0} ms; expected at most {due.TotalMilliseconds:0} ms plus the {Margin.TotalMilliseconds:0} ms margin.");
}
