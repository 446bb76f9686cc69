using System.Globalization;
using System.Text.Json;
using Clipper.Plots.Charts;

namespace Clipper.Plots.Input;

/// <summary>
/// Reads JSON-lines result files: one <c>clipper-load --json</c> object per line, with the fields the bench scripts add
/// (<c>series</c>, <c>replicas</c>, <c>frontends</c>). Blank lines are skipped; anything else that is not what the
/// chart needs is an error naming the file, the line and the field.
/// </summary>
internal static class ResultReader
{
    private const string Missing = " is missing";

    /// <summary>The fields each chart needs, as error messages quote them.</summary>
    public static string Needs(ChartKind chart) => chart switch
    {
        ChartKind.Latency => "series (text), rate (requests/s > 0: an open-loop run), p50_ms and p99_ms (ms > 0)",
        ChartKind.Replicas => "replicas (a whole number >= 1), ok and duration_s (> 0); series optional",
        _ => "frontends (a whole number >= 1), ok and duration_s (> 0); series optional",
    };

    /// <summary>Reads every file in order.</summary>
    public static ReadOutcome ReadFiles(ChartKind chart, IReadOnlyList<string> paths)
    {
        var points = new List<ResultPoint>();
        foreach (string path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return ReadOutcome.Failed($"--input: cannot read '{path}': {ex.Message}");
            }

            if (Read(chart, path, text, points) is { } error)
            {
                return ReadOutcome.Failed(error);
            }
        }

        return new ReadOutcome { Points = points };
    }

    /// <summary>Adds the points of one file's text to <paramref name="into"/>; returns the error, or null.</summary>
    public static string? Read(ChartKind chart, string name, string text, List<ResultPoint> into)
    {
        int count = 0;
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string where = $"{name} line {i + 1}";
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                return $"{where}: not JSON ({ex.Message}); expected one clipper-load --json object per line";
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return $"{where}: a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, expected an object with {Needs(chart)}";
                }

                if (ToPoint(chart, where, document.RootElement, out ResultPoint? point) is { } error)
                {
                    return error.EndsWith(Missing, StringComparison.Ordinal) ? $"{error}; each line needs {Needs(chart)}" : error;
                }

                into.Add(point!);
                count++;
            }
        }

        return count == 0 ? $"{name}: no result lines; expected one JSON object per line with {Needs(chart)}" : null;
    }

    private static string? ToPoint(ChartKind chart, string where, JsonElement line, out ResultPoint? point)
    {
        point = null;
        string? error;
        if (chart == ChartKind.Latency)
        {
            if ((error = Text(line, where, "series", null, out string series)) is not null
                || (error = Positive(line, where, "rate", " (a closed-loop run has none: the latency chart needs clipper-load --rate runs)", out double rate)) is not null
                || (error = Positive(line, where, "p50_ms", "", out double p50)) is not null
                || (error = Positive(line, where, "p99_ms", "", out double p99)) is not null)
            {
                return error;
            }

            point = new ResultPoint { Series = series, X = rate, P50Ms = p50, P99Ms = p99 };
            return null;
        }

        string field = chart == ChartKind.Replicas ? "replicas" : "frontends";
        if ((error = Text(line, where, "series", "answers/s", out string name)) is not null
            || (error = Count(line, where, field, out int x)) is not null
            || (error = NonNegative(line, where, "ok", out double ok)) is not null
            || (error = Positive(line, where, "duration_s", "", out double seconds)) is not null)
        {
            return error;
        }

        point = new ResultPoint { Series = name, X = x, AnswersPerSecond = ok / seconds };
        return null;
    }

    private static string? Text(JsonElement line, string where, string field, string? fallback, out string value)
    {
        value = fallback ?? "";
        if (!line.TryGetProperty(field, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback is null ? $"{where}: \"{field}\"{Missing}" : null;
        }

        if (element.ValueKind != JsonValueKind.String || element.GetString()!.Trim().Length == 0)
        {
            return $"{where}: \"{field}\" is {Quote(element)}; expected a non-empty text";
        }

        value = element.GetString()!.Trim();
        return null;
    }

    private static string? Positive(JsonElement line, string where, string field, string hint, out double value)
    {
        if (Number(line, where, field, hint, out value) is { } error)
        {
            return error;
        }

        return value > 0 ? null : $"{where}: \"{field}\" is {value.ToString(CultureInfo.InvariantCulture)}; expected a number > 0";
    }

    private static string? NonNegative(JsonElement line, string where, string field, out double value)
    {
        if (Number(line, where, field, "", out value) is { } error)
        {
            return error;
        }

        return value >= 0 ? null : $"{where}: \"{field}\" is {value.ToString(CultureInfo.InvariantCulture)}; expected a number >= 0";
    }

    private static string? Count(JsonElement line, string where, string field, out int value)
    {
        value = 0;
        if (Number(line, where, field, "", out double number) is { } error)
        {
            return error;
        }

        if (number < 1 || number > int.MaxValue || number != Math.Floor(number))
        {
            return $"{where}: \"{field}\" is {number.ToString(CultureInfo.InvariantCulture)}; expected a whole number >= 1";
        }

        value = (int)number;
        return null;
    }

    private static string? Number(JsonElement line, string where, string field, string hint, out double value)
    {
        value = double.NaN;
        if (!line.TryGetProperty(field, out JsonElement element))
        {
            return $"{where}: \"{field}\"{Missing}";
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out value) || !double.IsFinite(value))
        {
            return $"{where}: \"{field}\" is {Quote(element)}{hint}; expected a number";
        }

        return null;
    }

    private static string Quote(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => $"\"{element.GetString()}\"",
        _ => element.GetRawText(),
    };
}
