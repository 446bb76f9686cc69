using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// A request's own latency objective: <c>"latency_slo_micros"</c> in a prediction body, or the
/// <c>X-Clipper-Deadline-Ms</c> header. Either only ever tightens the application's objective: a looser one is held to
/// the application's, since the application's objective is what its owner promised every client.
/// </summary>
internal static class RequestObjective
{
    /// <summary>The header that carries a request's objective, in whole milliseconds.</summary>
    public const string HeaderName = "X-Clipper-Deadline-Ms";

    private const long MaxMilliseconds = long.MaxValue / 1000;

    /// <summary>Reads the header, when present.</summary>
    /// <param name="headers">The request's headers.</param>
    /// <param name="micros">The objective in microseconds, or 0 when the header is absent.</param>
    /// <param name="error">Why the header was refused.</param>
    /// <returns><see langword="false"/> when the header is present but is not one positive whole number.</returns>
    public static bool TryReadHeader(IHeaderDictionary headers, out long micros, out RequestError error)
    {
        micros = 0;
        error = default;
        if (!headers.TryGetValue(HeaderName, out var values) || StringValues.IsNullOrEmpty(values))
        {
            return true;
        }

        if (values.Count != 1
            || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds <= 0
            || milliseconds > MaxMilliseconds)
        {
            error = new RequestError(RequestError.QueryProcessingError,
                $"Expected the {HeaderName} header to be one positive whole number of milliseconds (a tighter objective than the application's), "
                + $"e.g. \"{HeaderName}: 20\"; got \"{Quote(values)}\"");
            return false;
        }

        micros = milliseconds * 1000;
        return true;
    }

    /// <summary>
    /// The objective a request's queries get, in <see cref="TimeProvider.GetTimestamp"/> units: the tightest of the
    /// application's and the ones the request asked for.
    /// </summary>
    /// <param name="appTicks">The application's objective in timestamp units.</param>
    /// <param name="headerMicros">The header's objective, or 0.</param>
    /// <param name="bodyMicros">The body's objective, or 0.</param>
    /// <param name="frequency">The time provider's timestamp frequency.</param>
    /// <returns>The objective in timestamp units.</returns>
    public static long Effective(long appTicks, long headerMicros, long bodyMicros, long frequency)
    {
        var requested = headerMicros == 0 ? bodyMicros : bodyMicros == 0 ? headerMicros : Math.Min(headerMicros, bodyMicros);
        if (requested == 0)
        {
            return appTicks;
        }

        // Compared in microseconds first: a huge request cannot overflow the conversion, since it never wins.
        var appMicros = (long)(appTicks * 1_000_000.0 / frequency);
        return requested >= appMicros ? appTicks : (long)(requested * (frequency / 1_000_000.0));
    }

    private static string Quote(StringValues values)
    {
        var text = values.ToString();
        return text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");
    }
}
