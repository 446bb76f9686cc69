namespace Clipper.Admin.Canary;

/// <summary>What the controller does with a running canary at one tick.</summary>
internal enum CanaryAction
{
    /// <summary>Nothing: the share holds, and its interval has not passed or it has no answer yet (or never widens).</summary>
    Hold,

    /// <summary>Widen the share by its step.</summary>
    Widen,

    /// <summary>Promote the version: the widened share reaches 100 %.</summary>
    Promote,

    /// <summary>Roll back: a limit broke.</summary>
    RollBack,
}
