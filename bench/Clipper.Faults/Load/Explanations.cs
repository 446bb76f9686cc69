namespace Clipper.Faults.Load;

/// <summary>
/// Short names for the query frontend's <c>default_explanation</c> texts and the load client's error kinds, so a
/// fault line stays one line. An explanation the harness does not know is kept whole; a default without one is
/// <see cref="Missing"/>, which fails every fault.
/// </summary>
internal static class Explanations
{
    /// <summary>A default answer that carried no <c>default_explanation</c>.</summary>
    public const string Missing = "NO EXPLANATION";

    /// <summary>The connection to the query frontend was refused or lost: the frontend is down.</summary>
    public const string FrontendDown = "frontend down";

    /// <summary>The frontend closed or reset the connection with the request on it.</summary>
    public const string ConnectionLost = "frontend down mid-request";

    /// <summary>A 503 that did not say when to retry.</summary>
    public const string NoRetryAfter = "503 without Retry-After";

    private static readonly Dictionary<string, string> s_defaults = new(StringComparer.Ordinal)
    {
        ["No connected models found for query"] = "no replica connected",
        ["Failed to retrieve a prediction response within the specified latency SLO"] = "objective missed",
        ["The model replica serving the query disconnected and no time remained to retry it on another replica"] = "replica lost mid-batch",
        ["The model version the query was queued for was removed before a replica took the query"] = "version removed",
    };

    /// <summary>The short name of a default's explanation.</summary>
    public static string OfDefault(string? explanation) => explanation switch
    {
        null or "" => Missing,
        _ when s_defaults.TryGetValue(explanation, out var name) => name,
        _ when explanation.StartsWith("The model failed on this input", StringComparison.Ordinal) => "model error",
        _ => explanation,
    };

    /// <summary>Whether a short name is one the frontend documents (a default with an explanation the harness knows).</summary>
    public static bool IsKnownDefault(string name) => s_defaults.ContainsValue(name) || name == "model error";
}
