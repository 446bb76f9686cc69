using Clipper.ModelRpc.Protocol;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Clipper.ModelRpc.Onnx.Tests;

public sealed class OnnxModelLoadTests
{
    [Fact]
    public void Load_TrainedMlp_ReadsSignatureAndMapsRowsOfFour()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("mlp.onnx"));

        Assert.Equal("inputs: input float[batch,4]; outputs: output float[batch,1]", model.Signature.ToString());
        Assert.Equal(4, model.Input.RowLength);
        Assert.Equal(0, model.Input.FixedBatchSize);
        Assert.Equal(TensorElementType.Float, model.Input.ElementType);
        Assert.Equal(InputType.Floats, model.Input.DefaultInputType);
        Assert.Equal(OutputKind.Value, model.Output.Kind);
    }

    [Theory]
    [InlineData("double.onnx", InputType.Doubles, "floats or doubles")]
    [InlineData("int32.onnx", InputType.Integers, "integers")]
    [InlineData("int64.onnx", InputType.Integers, "integers")]
    [InlineData("mlp-784.onnx", InputType.Floats, "floats or doubles")]
    public void Load_ElementTypes_DefaultInputTypeFollowsTheTensor(string file, InputType expected, string accepted)
    {
        using var model = OnnxModel.Load(Fixtures.PathOf(file));

        Assert.Equal(expected, model.Input.DefaultInputType);
        Assert.Equal(accepted, model.Input.AcceptedInputTypes);
        Assert.True(model.Input.Accepts(expected));
        Assert.False(model.Input.Accepts(InputType.Strings));
        Assert.False(model.Input.Accepts(InputType.Bytes));
    }

    [Fact]
    public void Load_FixedBatchDimension_ReadsTheBatchSize()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("fixed-batch.onnx"));

        Assert.Equal(4, model.Input.FixedBatchSize);
        Assert.Equal(3, model.Input.RowLength);
        Assert.Equal("inputs: input float[4,3]; outputs: output float[4,2]", model.Signature.ToString());
    }

    [Fact]
    public void Load_FeatureDimensions_RowLengthIsTheirProduct()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("grid.onnx"));

        Assert.Equal(4, model.Input.RowLength);
    }

    [Fact]
    public void Load_ClassifierWithTensorProbabilities_MapsLabelAndProbabilities()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("classifier.onnx"));

        Assert.Equal(OutputKind.Classifier, model.Output.Kind);
        Assert.Equal("label", model.Output.Outputs[model.Output.LabelIndex].Name);
        Assert.Equal("probabilities", model.Output.Outputs[model.Output.ProbabilitiesIndex].Name);
    }

    [Fact]
    public void Load_ClassifierWithZipMap_MapsTheSequenceOfMaps()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("classifier-zipmap.onnx"));

        Assert.Equal(OutputKind.Classifier, model.Output.Kind);
        Assert.Equal("outputs: output_label string[N], output_probability seq(map(string,float))", model.Signature.ToString()[(model.Signature.ToString().IndexOf("outputs", StringComparison.Ordinal))..]);
    }

    [Fact]
    public void Load_NotAModel_ThrowsWithOnnxRuntimesMessage()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-model-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not a protobuf");
        try
        {
            var error = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(path));

            Assert.StartsWith($"'{path}' is not a model ONNX Runtime can load: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("Protobuf parsing failed", error.Message, StringComparison.Ordinal);
            Assert.Contains("no input/output signature could be read", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingThePath()
    {
        var error = Assert.Throws<OnnxModelException>(() => OnnxModel.Load("/nonexistent/model.onnx"));

        Assert.Equal("ONNX model file '/nonexistent/model.onnx' does not exist; expected the path of a .onnx file.", error.Message);
    }

    [Fact]
    public void Load_TwoInputs_ThrowsWithTheSignatureFound()
    {
        string path = Fixtures.PathOf("two-inputs.onnx");

        var error = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(path));

        Assert.Equal(
            $"ONNX model '{path}' cannot be served: it has 2 inputs; expected exactly one input tensor (float, double, int32 or int64) whose first dimension is the batch. "
            + "Signature found: inputs: a float[N,3], b float[N,3]; outputs: output float[N,3].",
            error.Message);
    }

    [Fact]
    public void Load_StringInput_ThrowsNamingTheInput()
    {
        var error = Assert.Throws<OnnxModelException>(() => OnnxModel.Load(Fixtures.PathOf("string-input.onnx")));

        Assert.Contains("cannot be served: its input text string[N,1] is not a float, double, int32 or int64 tensor", error.Message, StringComparison.Ordinal);
        Assert.Contains("Signature found: inputs: text string[N,1]; outputs: output string[N,1].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CpuBuild_RunsOnTheCpuAndSaysWhy()
    {
        var logs = new RecordingLoggerFactory();

        using var model = OnnxModel.Load(Fixtures.PathOf("mlp.onnx"), new OnnxModelOptions { LoggerFactory = logs });

        Assert.Equal("CPU", model.ExecutionProvider);
        string loaded = Assert.Single(logs.Messages, m => m.StartsWith("ONNX model", StringComparison.Ordinal));
        Assert.Contains("execution provider: CPU (this ONNX Runtime build has no CUDA execution provider (it has CPUExecutionProvider", loaded, StringComparison.Ordinal);
        Assert.Contains("inputs: input float[batch,4]", loaded, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CudaNotWanted_RunsOnTheCpu()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("mlp.onnx"), new OnnxModelOptions { PreferCuda = false });

        Assert.Equal("CPU", model.ExecutionProvider);
    }

    [Fact]
    public void CreatePredictor_InputTypeTheTensorDoesNotTake_ThrowsNamingBoth()
    {
        using var model = OnnxModel.Load(Fixtures.PathOf("mlp.onnx"));

        var error = Assert.Throws<OnnxModelException>(() => model.CreatePredictor<int[]>());

        Assert.Equal(
            "Input type Int32[] cannot feed the model's input input float[batch,4]; expected floats or doubles (doubles and floats feed float and double tensors, integers int32 and int64 ones).",
            error.Message);
    }
}
