using System.Collections.Immutable;
using System.Text;
using Clipper.Configuration;
using Clipper.QueryFrontend.Canary;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Routing;

/// <summary>Builds an application's <see cref="AppRoute"/> from a configuration snapshot (off the request path).</summary>
internal static class AppRoutes
{
    public static AppRoute Build(ApplicationRecord app, ClusterConfiguration configuration, ModelRegistry models, PolicyStates policies, CanaryMonitors canaries, TimeProvider time)
    {
        var canary = app.Canary is { IsRunning: true } running
            && configuration.ModelVersions.TryGetValue(new ModelRpc.Protocol.ModelVersionId(running.Model, running.Version), out var canaryVersion)
            ? (Record: running, Target: models.GetOrAdd(canaryVersion.Id, canaryVersion.InputType))
            : default;
        var served = ImmutableArray.CreateBuilder<AppArm>();
        var shadows = ImmutableArray.CreateBuilder<AppArm>();
        var totalWeight = 0;
        foreach (var name in app.LinkedModels.Sort(StringComparer.Ordinal))
        {
            var link = app.GetLink(name);
            var target = configuration.TryGetCurrentVersion(name, out var current) ? models.GetOrAdd(current.Id, current.InputType) : null;
            var arm = canary.Target is not null && name == canary.Record.Model && !link.IsShadow
                ? new AppArm(name, target, link.Weight, link.ShadowPercent) { CanaryTarget = canary.Target, Canary = canaries.For(app.Name, canary.Record) }
                : new AppArm(name, target, link.Weight, link.ShadowPercent);
            if (link.IsShadow)
            {
                shadows.Add(arm);
            }
            else if (link.Weight > 0)
            {
                served.Add(arm);
                totalWeight += link.Weight;
            }
        }

        // A running canary takes the several-models path even for one model: that path picks versions per query.
        var single = served.Count == 1 && shadows.Count == 0 && served[0].Canary is null;
        var multi = !single && served.Count > 0;
        var learning = app.Policy is SelectionPolicy.Exp3 or SelectionPolicy.Exp4;
        return new AppRoute(app.Name, app.InputType, Encoding.UTF8.GetBytes(app.DefaultOutput),
            TimeSpan.FromMicroseconds(app.LatencySloMicros), single ? served[0].ModelName : null, single ? served[0].Target : null, time)
        {
            Keys = app.RequireKey ? new AppKeys(app.ApiKeys) : null,
            Served = multi ? served.ToImmutable() : [],
            ServedNames = multi ? [.. served.Select(static a => a.ModelName)] : [],
            TotalWeight = totalWeight,
            Shadows = shadows.ToImmutable(),
            Policy = app.Policy,
            PolicyState = learning ? policies.GetOrAdd(app.Name) : null,
        };
    }
}
