using System.Buffers;
using System.Text.Json;
using Clipper.QueryFrontend.Http;

namespace Clipper.QueryFrontend.Oip;

/// <content>Server and model metadata.</content>
internal static partial class OipResponseWriter
{
    /// <summary>The platform models report: Clipper serves containers, whatever framework runs inside them.</summary>
    public const string Platform = "clipper_container";

    /// <summary>The name of every Clipper model's one input tensor (a request may name it freely).</summary>
    public const string InputName = "input";

    /// <summary>Writes <c>$metadata_server_response</c>.</summary>
    public static void WriteServerMetadata(IBufferWriter<byte> output, string name, string version, ReadOnlySpan<string> extensions)
    {
        var writer = PredictResponseWriter.Rent(output);
        writer.WriteStartObject();
        writer.WriteString(s_name, name);
        writer.WriteString("version", version);
        writer.WriteStartArray("extensions");
        foreach (var extension in extensions)
        {
            writer.WriteStringValue(extension);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        PredictResponseWriter.Return(writer);
    }

    /// <summary>
    /// Writes <c>$metadata_model_response</c>: one input of the version's datatype, shape [-1, -1] (any batch of vectors of
    /// any length) or [-1] for one string or byte string per row, and one BYTES output of shape [-1].
    /// </summary>
    public static void WriteModelMetadata(IBufferWriter<byte> output, in OipTarget target)
    {
        var writer = PredictResponseWriter.Rent(output);
        writer.WriteStartObject();
        writer.WriteString(s_name, target.Route.Name);
        writer.WriteStartArray("versions");
        foreach (var version in target.Route.VersionNames)
        {
            writer.WriteStringValue(version);
        }

        writer.WriteEndArray();
        writer.WriteString("platform", Platform);
        var inputType = target.Runtime.InputType;
        writer.WriteStartArray("inputs");
        WriteTensor(writer, InputName, OipDatatypes.NameFor(inputType), OipDatatypes.IsOneElementPerRow(inputType) ? 1 : 2);
        writer.WriteEndArray();
        writer.WriteStartArray(s_outputs);
        WriteTensor(writer, OipRequestParser.OutputName, OipDatatypes.BytesName, 1);
        writer.WriteEndArray();
        writer.WriteEndObject();
        PredictResponseWriter.Return(writer);
    }

    private static void WriteTensor(Utf8JsonWriter writer, string name, string datatype, int variableDimensions)
    {
        writer.WriteStartObject();
        writer.WriteString(s_name, name);
        writer.WriteString(s_datatype, datatype);
        writer.WriteStartArray(s_shape);
        for (var i = 0; i < variableDimensions; i++)
        {
            writer.WriteNumberValue(-1);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
