using System.Net;
using System.Text;
using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Docker;
using Clipper.Integration.Tests.Infrastructure;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>A cluster's parts as containers on the real engine: started, found again by labels, stopped without a trace.</summary>
[Collection(DockerEngine.Collection)]
public sealed class DockerClusterTests
{
    [Fact]
    public async Task The_parts_start_as_containers_that_reach_each_other_are_found_by_labels_and_leave_nothing_when_stopped()
    {
        using var docker = DockerEngine.Connect();
        var before = (await docker.Images.ListImagesAsync(new ImagesListParameters())).SelectMany(i => i.RepoTags ?? []).ToHashSet();
        var name = "dtest-" + Guid.NewGuid().ToString("N")[..8];
        var cluster = new DockerCluster(docker, name, AppContext.BaseDirectory);
        try
        {
            var addresses = await cluster.StartAsync(
                new ClusterStartOptions { QueryPort = FreePort.Next(), ManagementPort = FreePort.Next(), RpcPort = FreePort.Next(), RedisPort = FreePort.Next() },
                null,
                CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));

            // The management frontend stores through the Redis container; the query frontend follows it.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var added = await http.PostAsync(new Uri(addresses.Management, "admin/add_app"), new StringContent("""{"name": "in-docker", "input_type": "doubles", "default_output": "-1", "latency_slo_micros": 100000}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            await Serving.Eventually.TrueAsync(
                async () =>
                {
                    using var answer = await http.PostAsync(new Uri(addresses.Query, "in-docker/predict"), new StringContent("""{"input": [1.0]}""", Encoding.UTF8, "application/json"));
                    return (await answer.Content.ReadAsStringAsync()).Contains("\"default\":true", StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(30));

            // A model replica in its own container reaches the query frontend's container over the cluster network.
            using (var model = await http.PostAsync(new Uri(addresses.Management, "admin/add_model"), new StringContent("""{"model_name": "sum", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "clipper-net", "model_data_path": "", "batch_size": -1}""", Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.OK, model.StatusCode);
            }

            using (var link = await http.PostAsync(new Uri(addresses.Management, "admin/add_model_links"), new StringContent("""{"app_name": "in-docker", "model_names": ["sum"]}""", Encoding.UTF8, "application/json")))
            {
                Assert.Equal(HttpStatusCode.OK, link.StatusCode);
            }

            var image = await cluster.EnsureClipperImageAsync(null, CancellationToken.None);
            await cluster.StartReplicaAsync(new ModelVersionKey("sum", "1"), "doubles", image, ["example-model", "sum"], 1, new Dictionary<string, string>(), CancellationToken.None);
            var last = "";
            await Serving.Eventually.TrueAsync(
                async () =>
                {
                    using var answer = await http.PostAsync(new Uri(addresses.Query, "in-docker/predict"), new StringContent("""{"input": [1.0, 2.0, 3.5]}""", Encoding.UTF8, "application/json"));
                    last = await answer.Content.ReadAsStringAsync();
                    return last.Contains("\"output\":6.5,\"default\":false", StringComparison.Ordinal);
                },
                TimeSpan.FromSeconds(60),
                () => "last answer: " + last);

            Assert.Equal(addresses, await new DockerCluster(docker, name, AppContext.BaseDirectory).FindAsync(CancellationToken.None));
            var again = await Assert.ThrowsAsync<ContainerManagerException>(() => cluster.StartAsync(new ClusterStartOptions(), null, CancellationToken.None));
            Assert.Contains("already has containers", again.Message, StringComparison.Ordinal);
            Assert.All(await cluster.ListAsync(CancellationToken.None), c => Assert.Equal(name, c.Labels[DockerLabels.Cluster]));
        }
        finally
        {
            await cluster.StopAsync(graceful: true, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Empty(await cluster.ListAsync(CancellationToken.None));
            Assert.Empty(await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [cluster.Network] = true } } }));
            Assert.Null(await cluster.FindAsync(CancellationToken.None));
            foreach (var tag in (await docker.Images.ListImagesAsync(new ImagesListParameters())).SelectMany(i => i.RepoTags ?? []).Where(t => !before.Contains(t)).ToList())
            {
                await docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
            }
        }
    }
}
