using System.IO.Pipelines;

namespace Clipper.QueryFrontend.Hosting;

/// <summary>The pipes a TLS connection is served through: plaintext read from and written to its <see cref="System.Net.Security.SslStream"/>.</summary>
/// <param name="Input">Reads the decrypted bytes.</param>
/// <param name="Output">Encrypts what is written, on each flush.</param>
internal sealed record SecuredTransport(PipeReader Input, PipeWriter Output) : IDuplexPipe;
