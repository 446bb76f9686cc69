using System.Globalization;
using System.Text;
using Clipper.QueryFrontend.Oip;
using Clipper.QueryFrontend.Queries;
using Google.Protobuf;
using Inference;

namespace Clipper.QueryFrontend.OipGrpc;

/// <summary>
/// Builds <c>ModelInferResponse</c>: the model's one output tensor, <c>output</c>, BYTES of shape [rows], each row's output
/// string in <c>contents.bytes_contents</c> (typed contents, never <c>raw_output_contents</c>). Rows answered with the
/// default output are marked in the tensor's parameters as the REST transport marks them.
/// </summary>
internal static class GrpcInferResponse
{
    public static ModelInferResponse Create(string id, in OipTarget target, ReadOnlySpan<Query> queries)
    {
        var contents = new InferTensorContents();
        foreach (var query in queries)
        {
            // Copied: the query's buffers go back to their pools before the response is serialized.
            contents.BytesContents.Add(ByteString.CopyFrom(query.Output.Span));
        }

        var output = new ModelInferResponse.Types.InferOutputTensor
        {
            Name = OipRequestParser.OutputName,
            Datatype = OipDatatypes.BytesName,
            Contents = contents,
        };
        output.Shape.Add(queries.Length);
        if (OipInference.FirstDefault(queries) >= 0)
        {
            MarkDefaults(output, queries);
        }

        var response = new ModelInferResponse { ModelName = target.Route.Name, ModelVersion = target.Version, Id = id };
        response.Outputs.Add(output);
        return response;
    }

    /// <summary>Marks the rows answered with the default output, never silently: which rows, and why each.</summary>
    private static void MarkDefaults(ModelInferResponse.Types.InferOutputTensor output, ReadOnlySpan<Query> queries)
    {
        var rows = new StringBuilder();
        for (var i = 0; i < queries.Length; i++)
        {
            if (queries[i].DefaultReason == DefaultReason.None)
            {
                continue;
            }

            rows.Append(rows.Length == 0 ? "" : ",").Append(i.ToString(CultureInfo.InvariantCulture));
            output.Parameters[OipResponseWriter.DefaultExplanationPrefix + i.ToString(CultureInfo.InvariantCulture)] =
                new InferParameter { StringParam = OipInference.Explain(queries[i]) };
        }

        output.Parameters[OipResponseWriter.DefaultRowsParameter] = new InferParameter { StringParam = rows.ToString() };
    }
}
