using System.Globalization;
using System.Text;
using Clipper.Faults.Load;

namespace Clipper.Faults.Reporting;

/// <summary>
/// The one line printed per fault, in a fixed format (bench/README.md, "Fault injection"):
/// <code>
/// fault=NAME sent=N model=N defaulted=N(REASON: N, ...) errors=N(KIND: N, ...) hung=N config_lost=N crashed=N p50_ms=X p99_ms=X max_ms=X [KEY=VALUE ...] verdict=ok|FAIL(PROBLEM; ...)
/// </code>
/// The parenthesised breakdowns appear only when the count is not 0.
/// </summary>
internal static class FaultLine
{
    /// <summary>Formats <paramref name="result"/>.</summary>
    public static string Format(FaultResult result)
    {
        var load = result.Load;
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"fault={result.Fault} sent={load.Sent} model={load.Model} ");
        line.Append(CultureInfo.InvariantCulture, $"defaulted={load.Defaults}{Breakdown(load.DefaultReasons)} ");
        line.Append(CultureInfo.InvariantCulture, $"errors={load.Errors}{Breakdown(load.ErrorKinds)} ");
        line.Append(CultureInfo.InvariantCulture, $"hung={load.Hung} config_lost={result.ConfigurationLost} crashed={result.Crashed.Count} ");
        line.Append(CultureInfo.InvariantCulture, $"p50_ms={load.P50Ms:0.#} p99_ms={load.P99Ms:0.#} max_ms={load.MaxMs:0.#}");
        foreach (var (key, value) in result.Notes)
        {
            line.Append(CultureInfo.InvariantCulture, $" {key}={value}");
        }

        line.Append(result.Passed ? " verdict=ok" : $" verdict=FAIL({string.Join("; ", result.Problems)})");
        return line.ToString();
    }

    private static string Breakdown(IReadOnlyList<KeyValuePair<string, long>> counts) =>
        counts.Count == 0 ? "" : "(" + string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}: {c.Value}"))) + ")";

    /// <summary>Describes a summary's counts in one phrase, for progress lines.</summary>
    public static string Describe(LoadSummary load) =>
        string.Create(CultureInfo.InvariantCulture, $"{load.Sent} sent, {load.Model} model, {load.Defaults} defaults, {load.Errors} errors, {load.Hung} hung");
}
