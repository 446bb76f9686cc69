namespace Clipper.ContainerManagers;

/// <summary>The rule for how many query frontends a cluster runs, the same for every manager.</summary>
public static class QueryFrontendCount
{
    /// <summary>The fewest query frontends a cluster runs.</summary>
    public const int Min = 1;

    /// <summary>The most query frontends a cluster runs.</summary>
    public const int Max = 64;

    /// <summary>Throws unless <paramref name="count"/> is between <see cref="Min"/> and <see cref="Max"/>.</summary>
    /// <param name="count">The number of query frontends asked for.</param>
    /// <param name="name">What the number was given as (an option or argument), for the message.</param>
    /// <exception cref="ContainerManagerException">The count is out of range; the message quotes it and the range.</exception>
    public static void Validate(int count, string name = "the number of query frontends")
    {
        if (count is < Min or > Max)
        {
            throw new ContainerManagerException(Describe(count, name));
        }
    }

    /// <summary>The refusal of an out-of-range <paramref name="count"/>: the value received and the range expected.</summary>
    /// <param name="count">The number of query frontends asked for.</param>
    /// <param name="name">What the number was given as.</param>
    /// <returns>The sentence.</returns>
    public static string Describe(int count, string name) =>
        FormattableString.Invariant($"{char.ToUpperInvariant(name[0])}{name[1..]} is {count}; expected {Min} to {Max} query frontends.");
}
