namespace Clipper.Configuration;

/// <summary>
/// How an application uses one of its linked models (an extension beside Clipper's links, which carry no options):
/// its share of the queries under the <see cref="SelectionPolicy.Split"/> policy, or whether it is a shadow whose
/// answers are compared but never returned.
/// </summary>
public sealed record ModelLink
{
    /// <summary>The weight of a link that was given none: every served model gets an equal share.</summary>
    public const int DefaultWeight = 1;

    /// <summary>The largest weight a link may have.</summary>
    public const int MaxWeight = 1_000_000;

    /// <summary>The linked model's name.</summary>
    public required string Model { get; init; }

    /// <summary>
    /// The model's share of the queries under <see cref="SelectionPolicy.Split"/>: its weight over the sum of the served
    /// links' weights. Zero keeps the link without sending it queries. Ignored by a shadow.
    /// </summary>
    public int Weight { get; init; } = DefaultWeight;

    /// <summary>
    /// Zero for a served link. From 1 to 100, the link is a shadow: that percentage of the application's queries is also
    /// sent to it, and its answers are compared with the answer returned (never returned themselves).
    /// </summary>
    public int ShadowPercent { get; init; }

    /// <summary>Whether the link is a shadow (<see cref="ShadowPercent"/> above zero).</summary>
    public bool IsShadow => ShadowPercent > 0;

    /// <summary>The options of a link that was given none (Clipper's <c>add_model_links</c>).</summary>
    /// <param name="model">The linked model's name.</param>
    /// <returns>A served link of weight <see cref="DefaultWeight"/>.</returns>
    public static ModelLink Default(string model) => new() { Model = model };
}
