using System.Buffers;
using Clipper.QueryFrontend.Queries;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Http;

internal sealed partial class PredictEndpoint
{
    private static void WriteAnswers(HttpContext context, bool isBatch, ReadOnlySpan<Query> queries)
    {
        var answers = ArrayPool<QueryAnswer>.Shared.Rent(queries.Length);
        try
        {
            for (var i = 0; i < queries.Length; i++)
            {
                var query = queries[i];
                answers[i] = new QueryAnswer(query.QueryId, query.Output, query.DefaultReason != DefaultReason.None, Explain(query));
            }

            WriteAnswers(context, isBatch, answers.AsSpan(0, queries.Length));
        }
        finally
        {
            answers.AsSpan(0, queries.Length).Clear();
            ArrayPool<QueryAnswer>.Shared.Return(answers);
        }
    }

    private static void WriteAnswers(HttpContext context, bool isBatch, ReadOnlySpan<QueryAnswer> answers)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        if (isBatch)
        {
            PredictResponseWriter.WriteBatch(response.BodyWriter, answers);
        }
        else
        {
            PredictResponseWriter.WriteSingle(response.BodyWriter, answers[0]);
        }
    }

    /// <summary>Why a query's answer is the default output (its <c>default_explanation</c>), or null for the model's answer.</summary>
    private static string? Explain(Query query) => query.DefaultReason switch
    {
        DefaultReason.None => null,
        DefaultReason.ModelError => DefaultExplanations.ModelErrorPrefix + query.ModelError,
        _ => DefaultExplanations.For(query.DefaultReason),
    };
}
