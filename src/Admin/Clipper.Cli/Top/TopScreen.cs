using System.Globalization;
using Clipper.Admin.Monitoring;

namespace Clipper.Cli.Top;

/// <summary>The text of one <c>clipper top</c> screen: a header, one row per app, one row per model version with its replicas.</summary>
internal static class TopScreen
{
    /// <summary>The lines showing <paramref name="now"/> against <paramref name="before"/>.</summary>
    public static IReadOnlyList<string> Render(string cluster, TopSnapshot before, TopSnapshot now, TimeSpan interval, bool interactive)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"clipper top · cluster {cluster} · {now.Frontends.Count} query frontend(s) · {now.At.UtcDateTime:HH:mm:ss} UTC · every {interval.TotalSeconds:0.#} s{(interactive ? " · q quits" : "")}"),
            "",
            $"{"APP",-24} {"ANSWERS/S",10} {"P50 MS",8} {"P99 MS",8} {"DEFAULTS/S",10} {"REFUSED/S",9}  {"ANSWERED",10}  DEFAULTS BY REASON",
        };
        var rates = now.RatesSince(before);
        if (rates.Count == 0)
        {
            lines.Add("(no app has answered a query on these frontends yet)");
        }

        foreach (var app in rates)
        {
            var defaults = app.DefaultsPerSecond.Values.Sum();
            var reasons = app.DefaultsPerSecond.Count == 0
                ? "-"
                : string.Join(", ", app.DefaultsPerSecond.Select(reason => string.Create(CultureInfo.InvariantCulture, $"{reason.Key} {reason.Value:0.#}/s")));
            var answered = app.Totals.AnsweredByModel + app.Totals.DefaultCount;
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{Clip(app.App, 24),-24} {app.AnswersPerSecond,10:0.0} {Milliseconds(app.P50),8} {Milliseconds(app.P99),8} {defaults,10:0.0} {app.RefusedPerSecond,9:0.0}  {answered,10}  {reasons}"));
        }

        lines.Add("");
        lines.Add($"{"MODEL",-32} {"REPLICAS",8}  PER FRONTEND");
        var models = now.Frontends.SelectMany(frontend => frontend.Replicas.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (models.Count == 0)
        {
            lines.Add("(no replica connected)");
        }

        foreach (var model in models)
        {
            var perFrontend = now.Frontends.Select(frontend => string.Create(CultureInfo.InvariantCulture, $"{frontend.Id}: {frontend.Replicas.GetValueOrDefault(model)}"));
            var most = now.Frontends.Max(frontend => frontend.Replicas.GetValueOrDefault(model));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Clip(model, 32),-32} {most,8}  {string.Join(", ", perFrontend)}"));
        }

        return lines;
    }

    private static string Milliseconds(double? seconds) => seconds is { } value ? (value * 1000).ToString(value < 0.01 ? "0.00" : "0.0", CultureInfo.InvariantCulture) : "-";

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
