namespace Clipper.ContainerManagers.Images;

/// <summary>The labels of the images the managers build.</summary>
internal static class ImageLabels
{
    /// <summary>What an image is: runtime, clipper, redis or model.</summary>
    public const string Kind = "ai.clipper.image";
}
