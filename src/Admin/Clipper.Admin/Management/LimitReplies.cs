using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Clipper.Admin.Management;

/// <summary>The answers to requests Kestrel stopped at a limit while the body was read, each naming the option and its value.</summary>
internal sealed class LimitReplies
{
    private readonly ManagementFrontendOptions _options;

    public LimitReplies(ManagementFrontendOptions options) => _options = options;

    /// <summary>The deepest a body's JSON may nest.</summary>
    public int MaxJsonDepth => _options.MaxJsonDepth;

    /// <summary>The answer to a request whose body Kestrel refused.</summary>
    /// <param name="exception">What Kestrel threw while the body was read.</param>
    /// <returns>The status Kestrel chose, with a message that names the limit.</returns>
    public Reply For(BadHttpRequestException exception) => exception.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => Reply.Status(exception.StatusCode, string.Create(CultureInfo.InvariantCulture,
            $"Request body too large: the limit is {_options.MaxRequestBodyBytes} bytes (option MaxRequestBodyBytes). Nothing was changed.")),
        StatusCodes.Status408RequestTimeout => Reply.Status(exception.StatusCode, string.Create(CultureInfo.InvariantCulture,
            $"Request body too slow: it arrived slower than {_options.MinRequestBodyBytesPerSecond} bytes per second after a grace period of {_options.MinRequestBodyRateGracePeriod.TotalSeconds} s (option MinRequestBodyBytesPerSecond). Nothing was changed.")),
        _ => Reply.Status(exception.StatusCode, exception.Message + " Nothing was changed."),
    };
}
