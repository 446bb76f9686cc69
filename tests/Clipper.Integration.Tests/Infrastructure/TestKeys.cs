namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>Key prefixes that isolate tests sharing one Redis server.</summary>
public static class TestKeys
{
    /// <summary>A prefix no other test uses, for example <c>test-3f2a...:</c>.</summary>
    /// <returns>The prefix.</returns>
    public static string NewPrefix() => "test-" + Guid.NewGuid().ToString("N") + ":";
}
