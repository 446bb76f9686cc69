using System.Buffers;
using Clipper.QueryFrontend.Queries;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Http;

internal sealed partial class PredictEndpoint
{
    private void WriteAnswers(HttpContext context, bool isBatch, ReadOnlySpan<Query> queries)
    {
        var answers = ArrayPool<QueryAnswer>.Shared.Rent(queries.Length);
        try
        {
            for (var i = 0; i < queries.Length; i++)
            {
                var query = queries[i];
                var reason = query.DefaultReason;
                var explanation = reason switch
                {
                    DefaultReason.None => null,
                    DefaultReason.ModelError => DefaultExplanations.ModelErrorPrefix + query.ModelError,
                    _ => DefaultExplanations.For(reason),
                };
                answers[i] = new QueryAnswer(query.QueryId, query.Output, reason != DefaultReason.None, explanation);
            }

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            if (isBatch)
            {
                PredictResponseWriter.WriteBatch(response.BodyWriter, answers.AsSpan(0, queries.Length));
            }
            else
            {
                PredictResponseWriter.WriteSingle(response.BodyWriter, answers[0]);
            }
        }
        finally
        {
            answers.AsSpan(0, queries.Length).Clear();
            ArrayPool<QueryAnswer>.Shared.Return(answers);
        }
    }
}
