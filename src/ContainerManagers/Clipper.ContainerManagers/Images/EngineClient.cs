using Docker.DotNet;

namespace Clipper.ContainerManagers.Images;

/// <summary>
/// Calls on this machine's Docker engine: its address is the one given, else <c>DOCKER_HOST</c>, else the local
/// socket, and must be a local socket (the managers publish and build on this machine). An unreachable engine
/// or an engine error becomes a <see cref="ContainerManagerException"/> that says so.
/// </summary>
internal static class EngineClient
{
    /// <summary>The engine's address: <paramref name="endpoint"/>, else <c>DOCKER_HOST</c>, else <c>unix:///var/run/docker.sock</c>.</summary>
    public static string AddressOf(Uri? endpoint) => endpoint?.OriginalString
        ?? (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock");

    /// <summary>Runs <paramref name="call"/> with a client of the engine at <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The engine's address; null for the default (<see cref="AddressOf"/>).</param>
    /// <param name="subject">What the calls are for, as the errors name it, e.g. <c>cluster 'c'</c>.</param>
    /// <param name="call">The calls.</param>
    public static async Task<T> RunAsync<T>(Uri? endpoint, string subject, Func<IDockerClient, Task<T>> call)
    {
        var address = AddressOf(endpoint);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var socket) || socket.Scheme != "unix")
        {
            throw new ContainerManagerException($"The Docker engine's address '{address}' is not a local socket (unix:///PATH): the manager publishes the cluster's ports on this machine's loopback, so it needs the engine of this machine.");
        }

        using var docker = new DockerClientConfiguration(socket).CreateClient();
        try
        {
            return await call(docker).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            throw new ContainerManagerException($"The Docker engine refused a request for {subject} ({(int)ex.StatusCode}): {ex.ResponseBody.Trim()}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ContainerManagerException($"Cannot reach the Docker engine at {address}: {ex.Message}. Is dockerd running (scripts/ensure-docker.sh starts it)?", ex);
        }
        catch (TimeoutException ex)
        {
            throw new ContainerManagerException($"The Docker engine at {address} did not answer in time: {ex.Message}", ex);
        }
    }
}
