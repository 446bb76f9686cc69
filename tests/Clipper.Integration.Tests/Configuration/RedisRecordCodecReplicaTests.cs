using Clipper.Configuration;
using Clipper.Configuration.Redis;
using StackExchange.Redis;

namespace Clipper.Integration.Tests.Configuration;

/// <summary>The replica record's hash: the fields added beside Clipper's read back, and records of older frontends still load.</summary>
public sealed class RedisRecordCodecReplicaTests
{
    [Fact]
    public void Encode_ThenDecode_KeepsReconnectsAndState()
    {
        var replica = StoreFactory.Replica("m", "1", 0, "frontend-a") with { Reconnects = 3, State = ReplicaConnectionStates.Draining };

        var hash = RedisRecordCodec.Encode(replica);
        var decoded = RedisRecordCodec.DecodeReplica(hash, out var reason);

        Assert.Null(reason);
        Assert.Equal(replica, decoded);
        Assert.Contains(hash, entry => entry.Name == "reconnects" && entry.Value == "3");
        Assert.Contains(hash, entry => entry.Name == "state" && entry.Value == "draining");
    }

    [Fact]
    public void DecodeReplica_RecordOfAnOlderFrontend_ReadsAsAFirstConnectionThatIsConnected()
    {
        HashEntry[] hash = WithoutNewFields(StoreFactory.Replica("m", "1", 0, "frontend-a"));

        var decoded = RedisRecordCodec.DecodeReplica(hash, out var reason);

        Assert.Null(reason);
        Assert.NotNull(decoded);
        Assert.Equal(0, decoded.Reconnects);
        Assert.Equal(ReplicaConnectionStates.Connected, decoded.State);
        Assert.Equal("container-0", decoded.ContainerId);
    }

    [Theory]
    [InlineData("many")]
    [InlineData("-1")]
    [InlineData("")]
    public void DecodeReplica_UnreadableReconnects_ReadsAs0AndKeepsTheReplica(string value)
    {
        HashEntry[] hash = [.. WithoutNewFields(StoreFactory.Replica("m", "1", 0, "frontend-a")), new("reconnects", value)];

        var decoded = RedisRecordCodec.DecodeReplica(hash, out var reason);

        Assert.Null(reason);
        Assert.Equal(0, decoded!.Reconnects);
    }

    [Fact]
    public void ValidateReplica_NegativeReconnects_NamesTheFieldAndValue()
    {
        var error = Clipper.Configuration.Validation.ConfigurationValidator.ValidateReplica(StoreFactory.Replica("m", "1", 0, "f") with { Reconnects = -2 });

        Assert.NotNull(error);
        Assert.Equal("Invalid reconnects: it must be 0 or more; got -2", error.Message);
    }

    private static HashEntry[] WithoutNewFields(ReplicaRecord replica) =>
        [.. RedisRecordCodec.Encode(replica).Where(entry => entry.Name != "reconnects" && entry.Name != "state")];
}
