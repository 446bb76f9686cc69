using System.Security.Authentication;
using Clipper.ModelRpc.Security;

namespace Clipper.Admin.Connection;

/// <summary>Turns an HTTPS connection that failed on the server's certificate into one sentence saying why and what to give.</summary>
internal static class TlsFailures
{
    /// <summary>What to do about an untrusted certificate, naming the CLI flag and the API option.</summary>
    public const string Remedy = "give the CA that signed it with --tls-ca FILE (ClipperConnectionOptions.TlsCaPath); a self-signed certificate is its own CA";

    /// <summary>The sentence for <paramref name="exception"/> when the certificate was refused; null for any other failure.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="what">What was called, for the message ("The query frontend").</param>
    /// <param name="address">The address called.</param>
    /// <param name="trust">The trust the client checked with.</param>
    /// <returns>The sentence, or null.</returns>
    public static string? Describe(HttpRequestException exception, string what, Uri address, TlsTrust trust)
    {
        if (exception.HttpRequestError != HttpRequestError.SecureConnectionError && exception.InnerException is not AuthenticationException)
        {
            return null;
        }

        string reason = trust.LastFailure ?? (exception.InnerException ?? exception).Message;
        string trusted = trust.CaPath is null ? "this machine's CA store" : "the CA file " + trust.CaPath;
        return $"{what} at {address} presented a TLS certificate that {trusted} does not vouch for: {reason}; {Remedy}.";
    }
}
