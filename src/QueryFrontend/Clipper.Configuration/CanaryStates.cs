using System.Diagnostics.CodeAnalysis;

namespace Clipper.Configuration;

/// <summary>The stored and displayed names of <see cref="CanaryState"/>.</summary>
public static class CanaryStates
{
    /// <summary>The name of a state: <c>running</c>, <c>promoted</c> or <c>rolled_back</c>.</summary>
    /// <param name="state">The state.</param>
    /// <returns>Its name.</returns>
    public static string ToName(this CanaryState state) => state switch
    {
        CanaryState.Running => "running",
        CanaryState.Promoted => "promoted",
        CanaryState.RolledBack => "rolled_back",
        _ => state.ToString(),
    };

    /// <summary>Parses a state name (exactly as <see cref="ToName"/> writes it).</summary>
    /// <param name="name">The name.</param>
    /// <param name="state">The state when known.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out CanaryState state)
    {
        switch (name)
        {
            case "running":
                state = CanaryState.Running;
                return true;
            case "promoted":
                state = CanaryState.Promoted;
                return true;
            case "rolled_back":
                state = CanaryState.RolledBack;
                return true;
            default:
                state = default;
                return false;
        }
    }
}
