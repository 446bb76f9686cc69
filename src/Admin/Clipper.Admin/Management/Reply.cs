using System.Text;
using Clipper.Configuration;
using Microsoft.AspNetCore.Http;

namespace Clipper.Admin.Management;

/// <summary>A management API answer: Clipper answers operations with a sentence and queries with JSON.</summary>
internal readonly record struct Reply(int StatusCode, string Body, string ContentType)
{
    /// <summary>Whether the answer asks for a bearer token (<c>WWW-Authenticate</c>), as a 401 must.</summary>
    public bool Challenge { get; init; }

    private const string TextType = "text/plain; charset=utf-8";
    private const string JsonType = "application/json; charset=utf-8";

    public static Reply Text(string message) => new(StatusCodes.Status200OK, message, TextType);

    public static Reply Json(string json) => new(StatusCodes.Status200OK, json, JsonType);

    public static Reply BadRequest(string message) => new(StatusCodes.Status400BadRequest, message, TextType);

    public static Reply Refused(ConfigurationError error) => new(
        error.Code is ConfigurationErrorCode.ConcurrentModification or ConfigurationErrorCode.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
        error.ToString(),
        TextType);

    public static Reply Unavailable(string message) => new(StatusCodes.Status503ServiceUnavailable, message, TextType);

    public static Reply Status(int statusCode, string message) => new(statusCode, message, TextType);

    public static Reply From(ConfigurationResult result, string success) => result.Succeeded ? Text(success) : Refused(result.Error);

    public async Task WriteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        if (Challenge)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"clipper-admin\"";
        }

        var bytes = Encoding.UTF8.GetBytes(Body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }
}
