using Clipper.Admin.Connection;
using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Docker;
using Clipper.Integration.Tests.Infrastructure;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// A Docker cluster for one test: a unique name, free host ports, a temporary folder for the command line's
/// state and model builds. Disposing removes its containers, network, Redis volume and model images, and
/// checks that nothing with its label is left.
/// </summary>
public sealed class DockerClusterScope : IAsyncDisposable
{
    private static int s_sequence;

    public DockerClusterScope(int frontends = 1, bool redisPersistence = false, string? registry = null, TimeSpan? deployTimeout = null)
    {
        Frontends = frontends;
        Name = $"dk{Environment.ProcessId}-{Interlocked.Increment(ref s_sequence)}";
        StateRoot = Directory.CreateTempSubdirectory("clipper-docker-").FullName;
        Manager = new DockerContainerManager(new DockerClusterOptions
        {
            ClusterName = Name,
            ClipperDirectory = AppContext.BaseDirectory,
            StateRoot = StateRoot,
            RedisPersistence = redisPersistence,
            Registry = registry,
            StopTimeout = TimeSpan.FromSeconds(5),
        });
        Connection = new ClipperConnection(Manager, new ClipperConnectionOptions
        {
            DeployTimeout = deployTimeout ?? TimeSpan.FromSeconds(90),
            ArtifactRoot = Path.Combine(StateRoot, "models"),
        });
    }

    public string Name { get; }

    /// <summary>How many query frontends <see cref="StartAsync"/> starts.</summary>
    public int Frontends { get; }

    public string StateRoot { get; }

    public DockerContainerManager Manager { get; }

    public ClipperConnection Connection { get; }

    /// <summary>The <c>--manager docker --cluster NAME</c> arguments of the command line.</summary>
    public string[] CliArguments => ["--manager", "docker", "--cluster", Name];

    /// <summary>Starts the cluster on free ports, with its own Redis unless <paramref name="redisAddress"/> is given; <paramref name="configure"/> adds options (TLS files, say).</summary>
    public async Task<ClusterAddresses> StartAsync(string? redisAddress = null, Func<ClusterStartOptions, ClusterStartOptions>? configure = null)
    {
        // Cancelled rather than abandoned at the timeout, so nothing is created after the test gave up.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        configure ??= options => options;
        return await Connection.StartClipperAsync(
            configure(new ClusterStartOptions
            {
                RedisAddress = redisAddress,
                QueryPort = FreePort.Next(),
                ManagementPort = FreePort.Next(),
                RpcPort = FreePort.Next(),
                RedisPort = FreePort.Next(),
                StartTimeout = TimeSpan.FromSeconds(90),
                Frontends = Frontends,
            }),
            timeout.Token);
    }

    /// <summary>Registers the app <c>adder</c> (doubles, default -1) and links <paramref name="model"/> to it.</summary>
    public async Task RegisterAdderAsync(string model)
    {
        await Connection.RegisterApplicationAsync("adder", "doubles", "-1", 5_000_000);
        await Connection.LinkModelToAppAsync("adder", model);
    }

    /// <summary>The containers with the cluster's label, running or not.</summary>
    public async Task<IList<ContainerListResponse>> ContainersAsync()
    {
        using var docker = DockerEngine.Connect();
        return await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = LabelFilter() });
    }

    public async ValueTask DisposeAsync()
    {
        // Every step runs even when one fails; what was left is reported after all of them.
        var failures = new List<Exception>();
        async Task StepAsync(Func<Task> step)
        {
            try
            {
                await step().WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        using var docker = DockerEngine.Connect();
        await StepAsync(() => Manager.StopAllAsync(graceful: false));
        await StepAsync(() => Manager.RemoveRedisVolumeAsync());
        await StepAsync(async () =>
        {
            foreach (var image in await docker.Images.ListImagesAsync(new ImagesListParameters { Filters = LabelFilter() }))
            {
                await docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
            }
        });
        var containers = await ContainersAsync();
        var networks = await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = LabelFilter() });
        var volumes = (await docker.Volumes.ListAsync(new VolumesListParameters { Filters = LabelFilter() })).Volumes ?? [];
        Connection.Dispose();
        Directory.Delete(StateRoot, recursive: true);
        Assert.Empty(failures);
        Assert.Empty(containers);
        Assert.Empty(networks);
        Assert.Empty(volumes);
    }

    private Dictionary<string, IDictionary<string, bool>> LabelFilter() =>
        new() { ["label"] = new Dictionary<string, bool> { [$"ai.clipper.container.label={Name}"] = true } };
}
