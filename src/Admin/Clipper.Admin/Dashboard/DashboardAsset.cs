namespace Clipper.Admin.Dashboard;

/// <summary>One file of the dashboard, read once from the assembly's resources.</summary>
/// <param name="Name">Its file name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
internal sealed record DashboardAsset(string Name, string ContentType, ReadOnlyMemory<byte> Content)
{
    public static DashboardAsset Load(string name, string contentType)
    {
        var resource = "Clipper.Admin.Dashboard." + name;
        using var stream = typeof(DashboardAsset).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The dashboard's file {name} is not embedded in {typeof(DashboardAsset).Assembly.GetName().Name} (resource {resource}).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new DashboardAsset(name, contentType, copy.ToArray());
    }
}
