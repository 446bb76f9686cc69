namespace Clipper.ContainerManagers.Tests;

public sealed class ModelArtifactTests
{
    [Fact]
    public void OfClipperWithData_ModelFolder_RunsTheCommandLineInTheFolderAndNeedsAnImage()
    {
        var artifact = ModelArtifact.OfClipperWithData("/models/mlp/1", "onnx-model", "--model", "model.onnx");

        Assert.True(artifact.RunsClipper);
        Assert.Equal("/models/mlp/1", artifact.DataDirectory);
        Assert.Equal(["onnx-model", "--model", "model.onnx"], artifact.Command);
        Assert.Null(artifact.GetPublishedEntryAssembly());
        Assert.True(artifact.NeedsImage);
        Assert.Equal("/model", ModelArtifact.ImageDataDirectory);
    }

    [Fact]
    public void NeedsImage_ExamplesAndImages_AreRunAsTheyAre()
    {
        Assert.False(ModelArtifact.OfClipper("example-model", "sum").NeedsImage);
        Assert.False(new ModelArtifact([], Image: "registry.local/model:1").NeedsImage);
        Assert.True(ModelArtifact.OfPublishedFolder("/models/sum/1", "/models/sum/1/SumModel.dll").NeedsImage);
    }
}
