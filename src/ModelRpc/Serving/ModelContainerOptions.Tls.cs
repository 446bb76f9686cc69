using Clipper.ModelRpc.Security;

namespace Clipper.ModelRpc.Serving;

/// <content>TLS to the frontends' RPC ports: off by default, as Clipper's containers speak plain TCP.</content>
public sealed partial class ModelContainerOptions
{
    /// <summary>
    /// Connect to every frontend over TLS (1.2 or 1.3) and check its certificate before the Hello, so that the join
    /// token and the queries never cross the network in clear. Default <see langword="false"/>: plain TCP, which a
    /// frontend with a certificate accepts from loopback only. <see cref="FromEnvironment"/> turns it on when
    /// <c>CLIPPER_TLS_CA</c> is set.
    /// </summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// A PEM file of the CA certificates the frontends' certificates must chain to (a self-signed frontend
    /// certificate may be its own CA). Default <see langword="null"/>: this machine's CA store. Only with <see cref="UseTls"/>.
    /// </summary>
    public string? TlsCaPath { get; set; }

    /// <summary>
    /// The name every frontend's certificate must carry. Default <see langword="null"/>: the host connected to
    /// (<see cref="FrontendHost"/>, then the hosts in the membership the frontends send). Only with <see cref="UseTls"/>.
    /// </summary>
    public string? TlsServerName { get; set; }

    /// <summary>The trust <see cref="TlsCaPath"/> gives, or null without TLS.</summary>
    /// <exception cref="InvalidOperationException">The CA file cannot be used; the message names it.</exception>
    internal TlsTrust? LoadTlsTrust()
    {
        if (!UseTls)
        {
            return null;
        }

        try
        {
            return TlsTrust.FromCaFileOrMachine(TlsCaPath);
        }
        catch (ArgumentException ex)
        {
            throw ServingErrors.InvalidOption(nameof(TlsCaPath), "\"" + TlsCaPath + "\"", "a readable PEM file of CA certificates: " + ex.Message.Replace(" (Parameter 'path')", "", StringComparison.Ordinal).TrimEnd('.'));
        }
    }

    private void ValidateTls()
    {
        Require(UseTls || TlsCaPath is null, nameof(TlsCaPath), Quote(TlsCaPath), "null unless UseTls is true (CLIPPER_TLS_CA turns both on)");
        Require(UseTls || TlsServerName is null, nameof(TlsServerName), Quote(TlsServerName), "null unless UseTls is true");
        Require(TlsCaPath is null || TlsCaPath.Trim().Length > 0, nameof(TlsCaPath), Quote(TlsCaPath), "null (this machine's CA store) or a PEM file");
        Require(TlsServerName is null || Uri.CheckHostName(TlsServerName) != UriHostNameType.Unknown, nameof(TlsServerName), Quote(TlsServerName), "null (the host connected to) or a host name or IP address");
    }
}
