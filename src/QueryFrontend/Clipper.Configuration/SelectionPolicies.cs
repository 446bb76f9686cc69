using System.Diagnostics.CodeAnalysis;

namespace Clipper.Configuration;

/// <summary>The names of the <see cref="SelectionPolicy"/> values, as the management API, the CLI and Redis spell them.</summary>
public static class SelectionPolicies
{
    /// <summary>Every name, in the enum's order, for error messages.</summary>
    public const string Names = "split, ensemble, exp3, exp4";

    /// <summary>The policy's name.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns><c>split</c>, <c>ensemble</c>, <c>exp3</c> or <c>exp4</c>.</returns>
    public static string ToName(this SelectionPolicy policy) => policy switch
    {
        SelectionPolicy.Split => "split",
        SelectionPolicy.Ensemble => "ensemble",
        SelectionPolicy.Exp3 => "exp3",
        SelectionPolicy.Exp4 => "exp4",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown selection policy"),
    };

    /// <summary>Parses a policy name (exact, lower case).</summary>
    /// <param name="name">The name.</param>
    /// <param name="policy">The policy when the name is known.</param>
    /// <returns><see langword="true"/> when the name is one of <see cref="Names"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out SelectionPolicy policy)
    {
        switch (name)
        {
            case "split": policy = SelectionPolicy.Split; return true;
            case "ensemble": policy = SelectionPolicy.Ensemble; return true;
            case "exp3": policy = SelectionPolicy.Exp3; return true;
            case "exp4": policy = SelectionPolicy.Exp4; return true;
            default: policy = default; return false;
        }
    }
}
