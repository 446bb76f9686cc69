using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Metrics;

namespace Clipper.QueryFrontend.Tests.Metrics;

public sealed class RecentContainersTests
{
    private static readonly ModelVersionId s_model = new("m", "1");

    [Fact]
    public void Remove_ContainerLostBefore_IsTrueOnce()
    {
        var recent = new RecentContainers();
        recent.Add(s_model, "c1");

        Assert.True(recent.Remove(s_model, "c1"));
        Assert.False(recent.Remove(s_model, "c1"));
    }

    [Fact]
    public void Remove_OtherModelOrUnknownContainer_IsFalse()
    {
        var recent = new RecentContainers();
        recent.Add(s_model, "c1");

        Assert.False(recent.Remove(new ModelVersionId("m", "2"), "c1"));
        Assert.False(recent.Remove(s_model, "c2"));
    }

    [Fact]
    public void Add_MoreThanPerModel_ForgetsTheOldest()
    {
        var recent = new RecentContainers();
        for (var i = 0; i <= RecentContainers.PerModel; i++)
        {
            recent.Add(s_model, "c" + i);
        }

        Assert.False(recent.Remove(s_model, "c0"));
        Assert.True(recent.Remove(s_model, "c1"));
        Assert.True(recent.Remove(s_model, "c" + RecentContainers.PerModel));
    }
}
