using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Images;

/// <summary>Pushes and pulls images, with credentials from the standard Docker client configuration (<c>$DOCKER_CONFIG/config.json</c> or <c>~/.docker/config.json</c>).</summary>
internal static partial class DockerRegistry
{
    /// <summary>Throws unless <paramref name="registry"/> is null or names a registry (<c>host[:port][/path]</c>).</summary>
    /// <exception cref="ContainerManagerException">The registry is invalid; the message quotes it and what is expected.</exception>
    public static void Validate(string? registry)
    {
        if (registry is not null && (!RegistryPattern().IsMatch(registry) || RegistryOf(registry + "/image") is null))
        {
            throw new ContainerManagerException($"Registry '{registry}' is invalid; expected host[:port][/path] without a scheme, whose host has a '.' or a port or is localhost (else it names a Docker Hub account), e.g. 127.0.0.1:5000 or registry.example.org/team.");
        }
    }

    /// <summary>Pushes <paramref name="image"/> (<c>REGISTRY/REPOSITORY:TAG</c>) to its registry.</summary>
    /// <exception cref="ContainerManagerException">The push failed; the message holds the registry's error.</exception>
    public static async Task PushAsync(IDockerClient docker, string image, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var (repository, tag) = Split(image);
        progress?.Report($"pushing {image}...");
        var errors = new EngineMessages();
        try
        {
            await docker.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, AuthFor(image), errors, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            throw new ContainerManagerException($"Pushing {image} failed: {ex.ResponseBody.Trim()}", ex);
        }

        if (errors.Error is { } error)
        {
            throw new ContainerManagerException($"Pushing {image} failed: {error}. Is the registry running, and are its credentials in the Docker configuration (docker login)?");
        }
    }

    /// <summary>Pulls <paramref name="image"/> unless the engine has it.</summary>
    /// <exception cref="ContainerManagerException">The image is not on the engine and could not be pulled.</exception>
    public static async Task EnsurePulledAsync(IDockerClient docker, string image, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (await DockerImageBuilder.ExistsAsync(docker, image, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var (repository, tag) = Split(image);
        progress?.Report($"pulling {image}...");
        var errors = new EngineMessages();
        try
        {
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag.Length == 0 ? null : tag }, AuthFor(image), errors, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            throw new ContainerManagerException($"Image {image} is not on the Docker engine and could not be pulled: {ex.ResponseBody.Trim()}", ex);
        }

        if (errors.Error is not null || !await DockerImageBuilder.ExistsAsync(docker, image, cancellationToken).ConfigureAwait(false))
        {
            throw new ContainerManagerException($"Image {image} is not on the Docker engine and could not be pulled: {errors.Error ?? "no image arrived"}.");
        }
    }

    /// <summary>The credentials for the registry of <paramref name="image"/> from the Docker configuration; empty when there are none.</summary>
    public static AuthConfig AuthFor(string image, string? configPath = null)
    {
        var registry = RegistryOf(image);
        configPath ??= Path.Combine(
            Environment.GetEnvironmentVariable("DOCKER_CONFIG") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"),
            "config.json");
        if (registry is null || !File.Exists(configPath))
        {
            return new AuthConfig();
        }

        try
        {
            using var config = JsonDocument.Parse(File.ReadAllText(configPath));
            if (!config.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return new AuthConfig();
            }

            foreach (var entry in auths.EnumerateObject())
            {
                var host = entry.Name.Replace("https://", "", StringComparison.Ordinal).Replace("http://", "", StringComparison.Ordinal).TrimEnd('/');
                if (host != registry || !entry.Value.TryGetProperty("auth", out var auth) || auth.GetString() is not { Length: > 0 } encoded)
                {
                    continue;
                }

                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? new AuthConfig() : new AuthConfig { Username = pair[..colon], Password = pair[(colon + 1)..], ServerAddress = registry };
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or IOException)
        {
            throw new ContainerManagerException($"Cannot read the Docker configuration {configPath}: {ex.Message}", ex);
        }

        return new AuthConfig();
    }

    /// <summary>The registry host of an image reference (<c>host[:port]</c>); null for an image of the default registry.</summary>
    public static string? RegistryOf(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var first = image[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : null;
    }

    /// <summary>An image reference's repository and tag (<c>latest</c> when it has none); a digest reference (<c>REPO@sha256:...</c>) is kept whole, with an empty tag.</summary>
    public static (string Repository, string Tag) Split(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return (image, "");
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([-a-z0-9._/]*[a-z0-9])?)?$")]
    private static partial Regex RegistryPattern();
}
