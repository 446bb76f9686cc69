using Clipper.Configuration;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>Stores and records for the configuration tests.</summary>
internal static class StoreFactory
{
    public static RedisConfigurationStore Connect(RedisServer server, string? prefix = null, TimeSpan? operationTimeout = null) =>
        RedisConfigurationStore.Connect(new RedisStoreOptions
        {
            RedisAddress = server.Address,
            KeyPrefix = prefix ?? TestKeys.NewPrefix(),
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ReconnectInterval = TimeSpan.FromMilliseconds(200),
        });

    public static ApplicationRecord App(string name, InputType type = InputType.Doubles, long slo = 100_000) =>
        new() { Name = name, InputType = type, DefaultOutput = "-1", LatencySloMicros = slo };

    public static ModelVersionRecord Model(string name, string version, InputType type = InputType.Doubles, int batchSize = -1) =>
        new() { Name = name, Version = version, InputType = type, BatchSize = batchSize, ContainerName = "image:1", ModelDataPath = "/m", Labels = ["x", "y,z"] };

    public static ReplicaRecord Replica(string model, string version, int id, string frontend) => new()
    {
        ModelName = model,
        ModelVersion = version,
        ReplicaId = id,
        FrontendId = frontend,
        ContainerId = "container-" + id,
        Address = "10.0.0.1:5000" + id,
        ConnectedAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
    };

    public static async Task<ConfigurationResult> AssertApplied(this Task<ConfigurationResult> change)
    {
        var result = await change.WithTimeout();
        Assert.True(result.Succeeded, result.ToString());
        return result;
    }

    public static async Task<ConfigurationError> AssertRefused(this Task<ConfigurationResult> change, ConfigurationErrorCode code)
    {
        var result = await change.WithTimeout();
        Assert.False(result.Succeeded, "Expected the change to be refused with " + code);
        Assert.Equal(code, result.Error.Code);
        return result.Error;
    }
}
