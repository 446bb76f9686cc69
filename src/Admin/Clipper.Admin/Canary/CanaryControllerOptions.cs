namespace Clipper.Admin.Canary;

/// <summary>How often the canary controller looks at the canaries, and how long one look may take.</summary>
internal sealed class CanaryControllerOptions
{
    /// <summary>The time between two looks: 500 ms.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The bound of one look (reads and changes together): 5 s; a look that takes longer is abandoned and retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}
