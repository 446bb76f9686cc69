namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>The Kubernetes tests share one local cluster and run one at a time.</summary>
[CollectionDefinition(LocalKubernetes.Collection)]
public sealed class LocalKubernetesCollection : ICollectionFixture<LocalKubernetes>
{
}
