using Clipper.Admin.Connection;

namespace Clipper.Integration.Tests.Admin;

/// <summary>A model written as a .NET project is built with dotnet publish into a versioned artifact and deployed.</summary>
public sealed class ModelBuildTests
{
    [Fact]
    public async Task BuildAndDeployModelAsync_Project_ServesAndItsPublishedFolderDeploysAsVersion2()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync();
        var project = Path.Combine(RepositoryRoot(), "examples", "SumModel");
        await scope.Connection.RegisterApplicationAsync("adder", "doubles", "-1.0", 2_000_000);

        var built = await scope.Connection.BuildAndDeployModelAsync("summer", "1", "doubles", project).WaitAsync(TimeSpan.FromMinutes(5));
        await scope.Connection.LinkModelToAppAsync("adder", "summer");

        Assert.Equal(Path.Combine(scope.StateRoot, "models", "summer", "1"), built.WorkingDirectory);
        Assert.True(File.Exists(Path.Combine(built.WorkingDirectory!, "SumModel.dll")));
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1.5, 3]", "4.5");

        // The published folder is itself a valid source: copied, not rebuilt.
        var copied = await scope.Connection.BuildModelAsync("summer", "2", built.WorkingDirectory!);
        Assert.Equal(Path.Combine(scope.StateRoot, "models", "summer", "2"), copied.WorkingDirectory);
        await scope.Connection.DeployModelAsync("summer", "2", "doubles", copied);
        Assert.Equal("2", await scope.Connection.GetCurrentModelVersionAsync("summer"));
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1.5, 3]", "4.5");

        var escape = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.BuildModelAsync("summer", "..", project));
        Assert.Contains("Invalid model version '..'", escape.Message, StringComparison.Ordinal);
        var overlap = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.BuildModelAsync("summer", "1", built.WorkingDirectory!));
        Assert.Contains("overlaps the artifact folder", overlap.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(built.WorkingDirectory!, "SumModel.dll")), "a refused build must not delete anything");

        var empty = Directory.CreateDirectory(Path.Combine(scope.StateRoot, "empty")).FullName;
        var wrong = await Assert.ThrowsAsync<ClipperException>(() => scope.Connection.BuildModelAsync("summer", "3", empty));
        Assert.Contains("expected a .csproj file, a folder with exactly one .csproj, or a published folder", wrong.Message, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Clipper.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Clipper.sln not found above " + AppContext.BaseDirectory);
    }
}
