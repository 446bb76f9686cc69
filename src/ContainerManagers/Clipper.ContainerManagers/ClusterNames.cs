using System.Text.RegularExpressions;

namespace Clipper.ContainerManagers;

/// <summary>The rule for cluster names, the same for every manager: they become folder, container, network and object names.</summary>
public static partial class ClusterNames
{
    /// <summary>Throws unless <paramref name="name"/> is a DNS label: 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit.</summary>
    /// <param name="name">The cluster name.</param>
    /// <exception cref="ContainerManagerException">The name breaks the rule; the message quotes it and states the rule.</exception>
    public static void Validate(string name)
    {
        if (name is null || name.Length > 63 || !Pattern().IsMatch(name))
        {
            throw new ContainerManagerException($"Invalid cluster name '{name}': expected a DNS label of at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit.");
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Pattern();
}
