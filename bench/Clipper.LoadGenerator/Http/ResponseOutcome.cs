namespace Clipper.LoadGenerator.Http;

/// <summary>How one request ended.</summary>
internal enum ResponseOutcome
{
    /// <summary>2xx with <c>"default":false</c>: the model answered.</summary>
    Ok,

    /// <summary>2xx with <c>"default":true</c>: the frontend answered with the app's default output.</summary>
    Default,

    /// <summary>Anything else: a non-2xx status, a 2xx without the flag, a timeout or an exception.</summary>
    Error,
}
