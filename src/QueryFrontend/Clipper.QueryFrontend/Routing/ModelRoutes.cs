using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using Clipper.Configuration;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Models;

namespace Clipper.QueryFrontend.Routing;

/// <summary>Builds the <see cref="ModelRoute"/> of every registered model from a configuration snapshot (off the request path).</summary>
internal static class ModelRoutes
{
    public static FrozenDictionary<string, ModelRoute> Build(ClusterConfiguration configuration, ModelRegistry models, QueryFrontendOptions options)
    {
        var byName = new Dictionary<string, List<ModelVersionRecord>>(StringComparer.Ordinal);
        foreach (var version in configuration.ModelVersions.Values)
        {
            if (!byName.TryGetValue(version.Name, out var list))
            {
                list = [];
                byName[version.Name] = list;
            }

            list.Add(version);
        }

        var routes = new Dictionary<string, ModelRoute>(byName.Count, StringComparer.Ordinal);
        foreach (var (name, versions) in byName)
        {
            versions.Sort(static (a, b) => string.CompareOrdinal(a.Version, b.Version));
            var runtimes = new Dictionary<string, ModelVersionRuntime>(versions.Count, StringComparer.Ordinal);
            string? current = null;
            foreach (var version in versions)
            {
                runtimes[version.Version] = models.GetOrAdd(version.Id, version.InputType);
                current = version.IsCurrent ? version.Version : current;
            }

            routes[name] = Build(configuration, name, runtimes.ToFrozenDictionary(StringComparer.Ordinal),
                [.. versions.Select(static v => v.Version)], current, options);
        }

        return routes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static ModelRoute Build(ClusterConfiguration configuration, string name, FrozenDictionary<string, ModelVersionRuntime> runtimes,
        ImmutableArray<string> versionNames, string? current, QueryFrontendOptions options)
    {
        // ApplicationsLinkedTo lists by name, so on a tie the first by name wins.
        ApplicationRecord? objectiveApp = null;
        var keys = ImmutableArray.CreateBuilder<AppKeys>();
        var keyApps = new List<string>();
        foreach (var app in configuration.ApplicationsLinkedTo(name))
        {
            if (objectiveApp is null || app.LatencySloMicros > objectiveApp.LatencySloMicros)
            {
                objectiveApp = app;
            }

            if (app.RequireKey)
            {
                keys.Add(new AppKeys(app.ApiKeys));
                keyApps.Add(app.Name);
            }
        }

        var objective = objectiveApp is null ? options.OipLatencyObjective : TimeSpan.FromMicroseconds(objectiveApp.LatencySloMicros);
        return new ModelRoute(name, runtimes, versionNames, current, objective, objectiveApp?.Name,
            objectiveApp is null ? null : Encoding.UTF8.GetBytes(objectiveApp.DefaultOutput),
            keys.ToImmutable(), string.Join(", ", keyApps), options.TimeProvider);
    }
}
