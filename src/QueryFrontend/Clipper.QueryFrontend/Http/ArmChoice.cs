using System.IO.Hashing;
using System.Runtime.InteropServices;
using Clipper.Configuration;
using Clipper.QueryFrontend.Routing;
using Clipper.QueryFrontend.Selection;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Which served model answers a query of an application with several (the split and Exp3 policies). With a routing
/// key (<c>X-Clipper-Key</c>) the split is sticky: the same key reaches the same model while the weights stay.
/// </summary>
internal readonly struct ArmChoice
{
    /// <summary>The header that carries a request's routing key.</summary>
    public const string KeyHeader = "X-Clipper-Key";

    private readonly AppRoute _app;
    private readonly Exp3Policy? _exp3;
    private readonly long _point;

    private ArmChoice(AppRoute app, Exp3Policy? exp3, long point, ulong? keyHash)
    {
        _app = app;
        _exp3 = exp3;
        _point = point;
        KeyHash = keyHash;
    }

    /// <summary>The routing key's hash when the request has one (a canary's version choice follows it too), else null.</summary>
    public ulong? KeyHash { get; }

    /// <summary>The choice for one request's queries.</summary>
    public static ArmChoice For(AppRoute app, IHeaderDictionary headers)
    {
        ulong? keyHash = headers.TryGetValue(KeyHeader, out var values) && values.Count == 1 && values[0] is { Length: > 0 } key
            ? XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()))
            : null;
        if (app.Policy == SelectionPolicy.Exp3 && app.PolicyState is { } state)
        {
            return new ArmChoice(app, state.For(app.ServedNames).Exp3, -1, keyHash);
        }

        // The key's hash picks a point on the weights' line: the same key, the same model.
        return new ArmChoice(app, null, keyHash is { } hash ? (long)(hash % (ulong)app.TotalWeight) : -1, keyHash);
    }

    /// <summary>The index in <see cref="AppRoute.Served"/> of the model that answers the next query.</summary>
    public int Next()
    {
        if (_exp3 is not null)
        {
            return _exp3.Choose(Random.Shared.NextDouble());
        }

        var point = _point >= 0 ? _point : Random.Shared.NextInt64(_app.TotalWeight);
        var served = _app.Served;
        for (var i = 0; i < served.Length; i++)
        {
            point -= served[i].Weight;
            if (point < 0)
            {
                return i;
            }
        }

        return served.Length - 1;
    }
}
