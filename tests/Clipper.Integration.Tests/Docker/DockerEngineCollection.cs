namespace Clipper.Integration.Tests.Docker;

/// <summary>The Docker tests run one at a time (they share the engine's base images); <see cref="BuiltImages"/> cleans up after the last.</summary>
[CollectionDefinition(DockerEngine.Collection)]
public sealed class DockerEngineCollection : ICollectionFixture<BuiltImages>
{
}
