using Clipper.ContainerManagers.Images;
using Clipper.Integration.Tests.Serving;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// An image of the Clipper-protocol test container, built FROM scratch out of this machine's Debian Python with
/// python3-zmq and python3-numpy: what a user's Clipper model image is to <c>clipper deploy --image</c>.
/// </summary>
internal static class ClipperContainerImage
{
    /// <summary>Builds the image under a tag of its own; returns the tag.</summary>
    public static Task<string> BuildAsync(IDockerClient docker, string repository, string mode)
    {
        var spec = new PythonAppSpec(
            repository + ":1",
            ["python3-zmq", "python3-numpy"],
            [new(ClipperContainerProcess.Folder, "/container")],
            [PythonImage.Interpreter, "/container/clipper_container.py", "--mode", mode]);
        return PythonImage.EnsureAsync(docker, spec, null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5));
    }

    public static async Task RemoveAsync(IDockerClient docker, string tag)
    {
        try
        {
            await docker.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true });
        }
        catch (DockerApiException)
        {
            // Never built, or already gone.
        }
    }
}
