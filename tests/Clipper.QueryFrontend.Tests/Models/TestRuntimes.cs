using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Models;

internal static class TestRuntimes
{
    public static ModelVersionRuntime Create(BatchingOptions? batching = null) =>
        new(new ModelVersionId("m", "1"), InputType.Doubles, queueCapacity: 16, new FakeTimeProvider(), batching ?? new BatchingOptions());

    public static ModelVersionSettings Settings(int batchSize, double objectiveMilliseconds, InputType inputType = InputType.Doubles) =>
        new(inputType, batchSize, TimeSpan.FromMilliseconds(objectiveMilliseconds));
}
