using Clipper.Admin.Canary;
using Clipper.Configuration;

namespace Clipper.Admin.Management;

/// <summary>
/// The management operations, one method per endpoint. Each reads its fields Clipper's way, lets the store
/// validate and apply the change atomically, and answers with Clipper's sentence or JSON.
/// </summary>
internal sealed partial class ManagementHandlers(IConfigurationStore store, ICanaryStatsStore canaryStats, CanaryTransitions canaryTransitions, TimeProvider time)
{
    private static IOrderedEnumerable<T> OrderByName<T>(IEnumerable<T> items, Func<T, string> name) =>
        items.OrderBy(name, StringComparer.Ordinal);
}
