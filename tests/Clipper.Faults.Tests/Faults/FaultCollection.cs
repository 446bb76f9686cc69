namespace Clipper.Faults.Tests.Faults;

/// <summary>The fault runs and the soak share the machine's cores: one at a time, so each measures its own cluster.</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection
{
    public const string Name = "fault runs";
}
