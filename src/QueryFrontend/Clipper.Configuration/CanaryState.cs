namespace Clipper.Configuration;

/// <summary>Where a canary rollout stands (stored as <c>running</c>, <c>promoted</c>, <c>rolled_back</c>).</summary>
public enum CanaryState
{
    /// <summary>Its share of the queries goes to the canary version; it widens while it holds its limits.</summary>
    Running,

    /// <summary>The canary version became the model's current version; the rollout is over.</summary>
    Promoted,

    /// <summary>Every query went back to the baseline version (a limit broke, or by hand); the rollout is over.</summary>
    RolledBack,
}
