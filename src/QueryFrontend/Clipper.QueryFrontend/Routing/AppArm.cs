using Clipper.QueryFrontend.Canary;
using Clipper.QueryFrontend.Models;

namespace Clipper.QueryFrontend.Routing;

/// <summary>One model an application links, as its queries reach it: the model's current version and the link's options.</summary>
internal sealed class AppArm
{
    public AppArm(string modelName, ModelVersionRuntime? target, int weight, int shadowPercent)
    {
        ModelName = modelName;
        Target = target;
        Weight = weight;
        ShadowPercent = shadowPercent;
    }

    public string ModelName { get; }

    /// <summary>The model's current version, or null when it has none (its queries are answered by default at once).</summary>
    public ModelVersionRuntime? Target { get; }

    /// <summary>The link's weight: its share under the split policy, its voice in an ensemble.</summary>
    public int Weight { get; }

    /// <summary>For a shadow, the percentage of the application's queries it also gets; 0 for a served model.</summary>
    public int ShadowPercent { get; }

    /// <summary>The canary version's runtime while a canary of this model runs for the application, else null.</summary>
    public ModelVersionRuntime? CanaryTarget { get; init; }

    /// <summary>The running canary's window on this frontend, with <see cref="CanaryTarget"/>.</summary>
    public CanaryMonitor? Canary { get; init; }

    /// <summary>
    /// The version one query of this model goes to: the canary's with its percentage while it runs (by the routing key's
    /// hash when the request has one, so one key sees one version), else the current one.
    /// </summary>
    /// <param name="keyHash">The routing key's hash, or null.</param>
    /// <param name="isCanary">Set when the canary version was chosen.</param>
    public ModelVersionRuntime? Pick(ulong? keyHash, out bool isCanary)
    {
        if (Canary is { IsActive: true } canary)
        {
            // The key's hash is divided differently than for the split, so the two choices do not align.
            var roll = keyHash is { } hash ? (int)((hash / 7919) % 100) : Random.Shared.Next(100);
            isCanary = roll < canary.Percent;
            return isCanary ? CanaryTarget : Target;
        }

        isCanary = false;
        return Target;
    }
}
