using Clipper.ModelRpc.Security;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// TLS for the cluster's frontends: the same certificate for the management and every query frontend, the CA file given
/// to replicas as CLIPPER_TLS_CA (our protocol over TLS, even on loopback) and recorded in the addresses for clients.
/// </summary>
internal sealed partial class LocalClusterSupervisor
{
    private string[] _tlsArguments = [];
    private string? _tlsCaPath;

    // The supervisor's own probes check the frontends as clients do; with no TLS it never comes into play.
    private TlsTrust _probeTrust = TlsTrust.MachineStore;

    /// <summary>Reads the start options' TLS files; without a certificate, everything stays plain.</summary>
    /// <exception cref="ContainerManagerException">A file cannot be used.</exception>
    private void ConfigureTls(ClusterStartOptions options)
    {
        using var certificate = options.LoadTlsCertificate();
        if (certificate is null)
        {
            return;
        }

        _tlsArguments = ["--tls-cert", options.TlsCertificatePath!, "--tls-key", options.TlsKeyPath!];
        _tlsCaPath = options.EffectiveTlsCaPath(certificate);
        _probeTrust = TlsTrust.FromCaFileOrMachine(_tlsCaPath);
    }
}
