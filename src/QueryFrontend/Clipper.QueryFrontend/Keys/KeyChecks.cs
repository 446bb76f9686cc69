namespace Clipper.QueryFrontend.Keys;

/// <summary>Names of <see cref="KeyCheck"/> refusals, as metric tags and <c>GET /metrics</c> counters show them.</summary>
internal static class KeyChecks
{
    /// <summary>The refusals, in the order <c>GET /metrics</c> lists them.</summary>
    public static readonly KeyCheck[] Refusals = [KeyCheck.Missing, KeyCheck.Malformed, KeyCheck.Invalid];

    public static string TagOf(KeyCheck check) => check switch
    {
        KeyCheck.Accepted => "accepted",
        KeyCheck.Missing => "missing",
        KeyCheck.Malformed => "malformed",
        _ => "invalid",
    };
}
