using Clipper.ModelRpc.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Management;

/// <summary>
/// Who may call the <c>/admin</c> operations. Loopback callers always may: a cluster on this machine binds there,
/// and Clipper's own tools call it without a token. Others must present the cluster's admin token, unless the
/// operator started the frontend with <see cref="ManagementFrontendOptions.InsecureAdmin"/>; a frontend without a
/// token serves loopback only.
/// </summary>
internal sealed class AdminAccess
{
    /// <summary>The response header that tells clients (and <c>clipper status</c>) how this frontend checks callers.</summary>
    public const string AccessHeader = "Clipper-Admin-Access";

    private const string BearerPrefix = "Bearer ";

    private readonly ClusterToken? _token;
    private readonly bool _insecure;
    private readonly ILogger _logger;

    public AdminAccess(ManagementFrontendOptions options, ILogger logger)
    {
        _token = options.AdminToken;
        _insecure = options.InsecureAdmin;
        _logger = logger;
    }

    /// <summary>How callers are checked, in one word: <c>token</c>, <c>loopback-only</c> or <c>insecure</c>.</summary>
    public string Mode => _insecure ? "insecure" : _token is null ? "loopback-only" : "token";

    /// <summary>How requests are checked, for the start-up log line.</summary>
    public string Describe() => _insecure
        ? "insecure: admin requests from any address are served without a token (--insecure-admin)"
        : _token is null
            ? "loopback only: no admin token was given, so requests from other addresses are refused"
            : "admin token required from every address but loopback";

    /// <summary>The refusal for this request, or <see langword="null"/> when it may go on.</summary>
    public Reply? Check(HttpContext context, string operation)
    {
        context.Response.Headers[AccessHeader] = Mode;
        if (_insecure || Loopback.Contains(context.Connection.RemoteIpAddress))
        {
            return null;
        }

        string remote = context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address";
        if (_token is null)
        {
            ManagementLog.AdminRefused(_logger, operation, remote, "no admin token is configured, loopback only");
            return Reply.Status(StatusCodes.Status403Forbidden, $"This management frontend serves admin requests from loopback only: it was started without an admin token. Call it from this machine, or start it with --admin-token-file (or CLIPPER_ADMIN_TOKEN) and send 'Authorization: Bearer TOKEN'.");
        }

        string? header = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            ManagementLog.AdminRefused(_logger, operation, remote, "no token");
            return Unauthorized("The management API needs the cluster's admin token: send 'Authorization: Bearer TOKEN'. The clipper command line and ClipperConnection find the token of a cluster they started or connect to by themselves.");
        }

        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            ManagementLog.AdminRefused(_logger, operation, remote, "not a bearer token");
            return Unauthorized("The Authorization header must be 'Bearer TOKEN' with the cluster's admin token.");
        }

        if (!_token.Matches(header.AsSpan(BearerPrefix.Length).Trim()))
        {
            ManagementLog.AdminRefused(_logger, operation, remote, "wrong token");
            return Unauthorized("The admin token sent is not this cluster's.");
        }

        return null;
    }

    private static Reply Unauthorized(string message) => Reply.Status(StatusCodes.Status401Unauthorized, message) with { Challenge = true };
}
