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
}
