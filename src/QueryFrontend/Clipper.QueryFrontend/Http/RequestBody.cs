using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Http;

/// <summary>What reading a request body gave.</summary>
internal enum RequestBodyStatus
{
    Complete,
    TooLarge,
    TooSlow,
    Aborted,
}

/// <summary>The whole body, still owned by the request's pipe until <c>AdvanceTo</c>.</summary>
internal readonly record struct RequestBodyResult(RequestBodyStatus Status, ReadOnlySequence<byte> Buffer);

/// <summary>Reads a whole request body into the request pipe's own buffers, without copying it.</summary>
internal static class RequestBody
{
    public static async ValueTask<RequestBodyResult> ReadAsync(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            return new RequestBodyResult(RequestBodyStatus.TooLarge, default);
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    return new RequestBodyResult(RequestBodyStatus.TooLarge, default);
                }

                if (result.IsCompleted)
                {
                    return new RequestBodyResult(RequestBodyStatus.Complete, buffer);
                }

                // Examine everything, consume nothing: the next read returns the whole body so far.
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new RequestBodyResult(RequestBodyStatus.TooLarge, default);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel's minimum data rate: the body arrived too slowly and the connection is closing.
            return new RequestBodyResult(RequestBodyStatus.TooSlow, default);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return new RequestBodyResult(RequestBodyStatus.Aborted, default);
        }
    }
}
