using System.Collections.Immutable;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Keys;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// The access rule of a model addressed directly: when applications linked to it require keys, a request presents a
/// key of one of them, in the headers a prediction uses.
/// </summary>
internal static class OipKeys
{
    /// <summary>Checks the presented key against each application's keys; accepted when one of them accepts it.</summary>
    public static KeyCheck Check(IHeaderDictionary headers, ImmutableArray<AppKeys> keys)
    {
        var outcome = KeyCheck.Missing;
        foreach (var appKeys in keys)
        {
            var check = ApiKeyHeaders.Check(headers, appKeys);
            if (check == KeyCheck.Accepted)
            {
                return check;
            }

            outcome = check;
        }

        return outcome;
    }
}
