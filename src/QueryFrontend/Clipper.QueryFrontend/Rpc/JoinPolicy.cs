using System.Net;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// Which containers may join as replicas: those that present the cluster's join token, or, on a frontend started
/// without one, those connecting from loopback only. A replica answers queries, so an unchecked one could answer
/// any model's.
/// </summary>
internal sealed class JoinPolicy
{
    private readonly ClusterToken? _token;

    public JoinPolicy(ClusterToken? token)
    {
        _token = token;
    }

    /// <summary>How containers are checked, for the start-up log line.</summary>
    public string Describe() => _token is null
        ? "no join token was given, so containers are accepted from loopback only (give the cluster's with --join-token-file or CLIPPER_JOIN_TOKEN)"
        : "containers must present the cluster's join token";

    /// <summary>Why the container may not join, or <see langword="null"/> when it may.</summary>
    public string? Refusal(HelloMessage hello, EndPoint? remote)
    {
        if (_token is null)
        {
            return RpcPeer.IsLocal(remote)
                ? null
                : "this frontend has no join token, so it accepts containers from loopback only; start it and its containers with the cluster's token (CLIPPER_JOIN_TOKEN)";
        }

        if (hello.JoinToken is null)
        {
            return "the container sent no join token; this frontend requires the cluster's (set CLIPPER_JOIN_TOKEN in the container)";
        }

        return _token.Matches(hello.JoinToken.Value) ? null : "the join token the container sent is not this cluster's";
    }
}
