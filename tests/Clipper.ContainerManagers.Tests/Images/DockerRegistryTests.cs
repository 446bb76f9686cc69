using System.Text;
using Clipper.ContainerManagers.Images;

namespace Clipper.ContainerManagers.Tests.Images;

/// <summary>Image references and registry credentials, read without an engine or a registry.</summary>
public sealed class DockerRegistryTests
{
    [Fact]
    public void AuthFor_StandardDockerConfiguration_FindsTheImagesRegistryCredentials()
    {
        var folder = Directory.CreateTempSubdirectory("clipper-docker-config-").FullName;
        try
        {
            var config = Path.Combine(folder, "config.json");
            var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:s3cret:with-colon"));
            File.WriteAllText(config, "{\"auths\": {\"https://registry.example.org\": {\"auth\": \"" + auth + "\"}, \"127.0.0.1:5000\": {}}}");

            var found = DockerRegistry.AuthFor("registry.example.org/team/model:1", config);
            Assert.Equal(("robot", "s3cret:with-colon", "registry.example.org"), (found.Username, found.Password, found.ServerAddress));
            Assert.Null(DockerRegistry.AuthFor("127.0.0.1:5000/model:1", config).Username);
            Assert.Null(DockerRegistry.AuthFor("model:1", config).Username);
            Assert.Null(DockerRegistry.AuthFor("other.example.org/model:1", config).Username);

            File.WriteAllText(config, "{not json");
            var broken = Assert.Throws<ContainerManagerException>(() => DockerRegistry.AuthFor("registry.example.org/model:1", config));
            Assert.Contains($"Cannot read the Docker configuration {config}", broken.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("model:1", null, "model", "1")]
    [InlineData("127.0.0.1:5000/c-sum:2", "127.0.0.1:5000", "127.0.0.1:5000/c-sum", "2")]
    [InlineData("registry.example.org/team/sum", "registry.example.org", "registry.example.org/team/sum", "latest")]
    [InlineData("team/sum:3", null, "team/sum", "3")]
    [InlineData("localhost/sum:3", "localhost", "localhost/sum", "3")]
    public void RegistryOfAndSplit_ImageReference_GiveRegistryRepositoryAndTag(string image, string? registry, string repository, string tag)
    {
        Assert.Equal(registry, DockerRegistry.RegistryOf(image));
        Assert.Equal((repository, tag), DockerRegistry.Split(image));
    }
}
