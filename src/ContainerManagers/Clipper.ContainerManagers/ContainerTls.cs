namespace Clipper.ContainerManagers;

/// <summary>
/// The TLS files of a cluster whose frontends run in containers, as text: copied into the frontends (certificate and
/// key) and into the model containers (the CA), which cannot read this machine's files or its CA store.
/// </summary>
/// <param name="CertificatePem">The frontends' certificate, then any intermediates (PEM).</param>
/// <param name="KeyPem">Its unencrypted private key (PEM).</param>
/// <param name="CaPem">The CA that replicas and clients verify the frontends with (PEM).</param>
internal sealed record ContainerTls(string CertificatePem, string KeyPem, string CaPem)
{
    /// <summary>
    /// Reads and checks the start options' TLS files for a manager of containers; null without TLS. The CA is
    /// <c>--tls-ca</c>, or the certificate itself when it is self-signed: a container has no CA store to fall back on.
    /// </summary>
    /// <param name="options">The start options, with paths as given.</param>
    /// <param name="manager">The manager's kind, for messages.</param>
    /// <param name="names">The names the certificate must carry, each with who checks it (see <see cref="ClusterStartOptions.RequireTlsName"/>).</param>
    /// <returns>The files' text, or null.</returns>
    /// <exception cref="ContainerManagerException">A file cannot be used, there is no CA, or a name is missing; the message names the flag and what was expected.</exception>
    public static ContainerTls? Load(ClusterStartOptions options, string manager, params (string Host, string Why)[] names)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var certificate = options.LoadTlsCertificate();
        if (certificate is null)
        {
            return null;
        }

        var ca = options.EffectiveTlsCaPath(certificate)
            ?? throw new ContainerManagerException($"--tls-ca: the certificate in '{options.TlsCertificatePath}' is not self-signed and no --tls-ca was given; --manager {manager} gives its model containers the CA file to verify the frontends with (a container has no CA store of this machine); expected --tls-ca FILE, a PEM file of the CA that signed the certificate.");
        foreach (var (host, why) in names)
        {
            options.RequireTlsName(certificate, host, why);
        }

        return new ContainerTls(File.ReadAllText(options.TlsCertificatePath!).Trim(), File.ReadAllText(options.TlsKeyPath!).Trim(), File.ReadAllText(ca).Trim());
    }

    /// <summary>The key is not shown.</summary>
    /// <returns>A placeholder.</returns>
    public override string ToString() => $"{nameof(ContainerTls)} {{ certificate and key }}";
}
