using System.IO.Pipelines;

namespace Clipper.BaselineServer;

/// <summary>
/// The whole application: <c>POST /{app}/predict</c> drains the request body and answers with a
/// constant prediction; anything else is 404. No routing, no parsing, no allocation per request:
/// this is the least an HTTP frontend can do, so it bounds what the real one can reach.
/// </summary>
internal static class PredictEndpoint
{
    private const string PredictSuffix = "/predict";

    private static readonly ReadOnlyMemory<byte> s_answer = """{"query_id":0,"output":1.0,"default":false}"""u8.ToArray();

    /// <summary>The request delegate Kestrel runs for every request.</summary>
    public static Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !IsPredictPath(context.Request.Path.Value))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return AnswerAsync(context);
    }

    /// <summary>True for <c>/{app}/predict</c> with a non-empty app name and no further segments.</summary>
    public static bool IsPredictPath(ReadOnlySpan<char> path) =>
        path.Length > PredictSuffix.Length + 1
        && path[0] == '/'
        && path.EndsWith(PredictSuffix, StringComparison.Ordinal)
        && !path[1..^PredictSuffix.Length].Contains('/');

    private static async Task AnswerAsync(HttpContext context)
    {
        // Read the body to its end, as the real frontend must before it can parse it, so the
        // per-request work (and the flow control it implies) stays comparable.
        PipeReader body = context.Request.BodyReader;
        while (true)
        {
            ReadResult read = await body.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            body.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }
        }

        HttpResponse response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = s_answer.Length;
        await response.BodyWriter.WriteAsync(s_answer, context.RequestAborted).ConfigureAwait(false);
    }
}
