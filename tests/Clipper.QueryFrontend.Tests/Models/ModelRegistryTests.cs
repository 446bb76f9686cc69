using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Models;

public sealed class ModelRegistryTests
{
    private readonly ModelRegistry _registry = new(new FakeTimeProvider(), new BatchingOptions { QueueCapacity = 32 });

    [Fact]
    public void GetOrAdd_SameKey_ReturnsTheSameRuntime()
    {
        ModelVersionRuntime first = _registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Doubles);

        ModelVersionRuntime second = _registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Doubles);

        Assert.Same(first, second);
        Assert.Single(_registry.All);
    }

    [Fact]
    public void GetOrAdd_SameKeyOtherInputType_KeepsTheFirstInputType()
    {
        _registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Floats);

        ModelVersionRuntime runtime = _registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Strings);

        Assert.Equal(InputType.Floats, runtime.InputType);
    }

    [Fact]
    public void GetOrAdd_OtherVersionOrName_CreatesSeparateRuntimes()
    {
        ModelVersionRuntime v1 = _registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Doubles);
        ModelVersionRuntime v2 = _registry.GetOrAdd(new ModelVersionId("m", "2"), InputType.Doubles);
        ModelVersionRuntime other = _registry.GetOrAdd(new ModelVersionId("n", "1"), InputType.Doubles);

        Assert.NotSame(v1, v2);
        Assert.NotSame(v1, other);
        Assert.Equal(new ModelVersionId("m", "2"), v2.Key);
        Assert.Equal(3, _registry.All.Count);
    }

    [Fact]
    public void GetOrAdd_NewRuntime_IsUnregisteredWithTheConfiguredQueueCapacity()
    {
        ModelVersionRuntime runtime = _registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Bytes);

        Assert.Null(runtime.Settings);
        Assert.Equal(32, runtime.Queue.Capacity);
    }

    [Fact]
    public void TryGet_UnknownKey_ReturnsFalse()
    {
        _registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Doubles);

        Assert.False(_registry.TryGet(new ModelVersionId("m", "2"), out _));
        Assert.True(_registry.TryGet(new ModelVersionId("m", "1"), out ModelVersionRuntime? found));
        Assert.Equal(new ModelVersionId("m", "1"), found.Key);
    }

    [Fact]
    public void GetOrAdd_ConcurrentCallersOfOneKey_AllGetTheSameRuntime()
    {
        var seen = new ModelVersionRuntime[64];

        Parallel.For(0, seen.Length, i => seen[i] = _registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Doubles));

        Assert.All(seen, runtime => Assert.Same(seen[0], runtime));
        Assert.Single(_registry.All);
    }
}
