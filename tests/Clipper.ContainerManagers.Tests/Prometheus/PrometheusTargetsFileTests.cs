using System.Text.Json;
using Clipper.ContainerManagers.Prometheus;

namespace Clipper.ContainerManagers.Tests.Prometheus;

/// <summary>The file_sd file a local cluster rewrites whenever its query frontends change.</summary>
public sealed class PrometheusTargetsFileTests
{
    [Fact]
    public void Render_TargetsWithNames_OneGroupPerTargetLabelledWithItsFrontend()
    {
        using var json = JsonDocument.Parse(PrometheusTargetsFile.Render(["127.0.0.1:40001", "127.0.0.1:40002"], ["c1-query-frontend", "c1-query-frontend-2"]));

        var groups = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, groups.Length);
        Assert.Equal("127.0.0.1:40002", Assert.Single(groups[1].GetProperty("targets").EnumerateArray()).GetString());
        Assert.Equal("c1-query-frontend-2", groups[1].GetProperty("labels").GetProperty("frontend").GetString());
    }

    [Fact]
    public void Render_NoTargets_IsAnEmptyListPrometheusAccepts()
    {
        Assert.Equal("[]", PrometheusTargetsFile.Render([]));
    }

    [Fact]
    public void Render_NamesNotOnePerTarget_IsRefusedNamingBothCounts()
    {
        var refused = Assert.Throws<ArgumentException>(() => PrometheusTargetsFile.Render(["127.0.0.1:1", "127.0.0.1:2"], ["one"]));

        Assert.StartsWith("Expected one name per target: 2 targets, 1 names.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Twice_TheSecondListReplacesTheFirst()
    {
        var folder = Directory.CreateTempSubdirectory("clipper-prometheus-targets-").FullName;
        try
        {
            var path = Path.Combine(folder, "query-frontends.json");
            PrometheusTargetsFile.Write(path, ["127.0.0.1:1", "127.0.0.1:2"]);

            PrometheusTargetsFile.Write(path, ["127.0.0.1:1"]);

            using var json = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal(1, json.RootElement.GetArrayLength());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
