using System.CommandLine;

namespace Clipper.Cli.Commands;

/// <summary>The TLS flags both frontends take: a certificate and its key, as PEM files.</summary>
internal sealed class TlsFlags
{
    /// <summary>The flags by the option each sets, for <see cref="HttpLimitFlags.Validate"/> to name them in errors.</summary>
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["TlsCertificatePath"] = "--tls-cert",
        ["TlsKeyPath"] = "--tls-key",
    };

    private readonly Option<string?> _certificate;
    private readonly Option<string?> _key;

    public TlsFlags(string served)
    {
        _certificate = new Option<string?>("--tls-cert") { Description = $"A PEM file holding this frontend's TLS certificate (then any intermediates): {served}. Needs --tls-key. Default: plain HTTP." };
        _key = new Option<string?>("--tls-key") { Description = "A PEM file holding the certificate's unencrypted private key (mode 600)." };
    }

    /// <summary>Adds both flags to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_certificate);
        command.Options.Add(_key);
    }

    /// <summary>The certificate file given, or null.</summary>
    public string? Certificate(ParseResult result) => result.GetValue(_certificate);

    /// <summary>The key file given, or null.</summary>
    public string? Key(ParseResult result) => result.GetValue(_key);
}
