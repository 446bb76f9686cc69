using Clipper.QueryFrontend.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Where a prediction presents its API key: <c>X-Clipper-Api-Key: ck_...</c>, or else <c>Authorization: Bearer ck_...</c>.
/// The dedicated header wins, so that a client behind a proxy that uses <c>Authorization</c> itself can still send a key.
/// </summary>
internal static class ApiKeyHeaders
{
    /// <summary>The dedicated header.</summary>
    public const string KeyHeader = "X-Clipper-Api-Key";

    private const string BearerPrefix = "Bearer ";

    /// <summary>Checks the key a request presents against an application's keys.</summary>
    /// <param name="headers">The request's headers.</param>
    /// <param name="keys">The application's keys.</param>
    /// <returns>The outcome; <see cref="KeyCheck.Missing"/> when neither header carries a key.</returns>
    public static KeyCheck Check(IHeaderDictionary headers, AppKeys keys)
    {
        var dedicated = headers[KeyHeader];
        if (dedicated.Count > 0)
        {
            return Single(dedicated, out var value) ? keys.Check(value.AsSpan().Trim()) : KeyCheck.Malformed;
        }

        var authorization = headers.Authorization;
        if (authorization.Count == 0)
        {
            return KeyCheck.Missing;
        }

        if (!Single(authorization, out var text))
        {
            return KeyCheck.Malformed;
        }

        // Another scheme (Basic...) is someone else's credential, not a key: the request sent none.
        return text.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? keys.Check(text.AsSpan(BearerPrefix.Length).Trim())
            : KeyCheck.Missing;
    }

    private static bool Single(StringValues values, out string value)
    {
        value = values.Count == 1 ? values[0] ?? "" : "";
        return values.Count == 1;
    }
}
