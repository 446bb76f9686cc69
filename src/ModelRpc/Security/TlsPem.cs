using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clipper.ModelRpc.Security;

/// <summary>Reads the PEM files TLS is configured with; every failure names the file and what it should hold.</summary>
internal static class TlsPem
{
    // A certificate bundle is a few kilobytes; a file far larger is not one (a log, a disk image given by mistake).
    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>The text of a PEM file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">The file's role, for messages (<c>TLS certificate</c>).</param>
    /// <param name="expected">What it should hold, for messages.</param>
    /// <param name="paramName">The parameter the exception names.</param>
    /// <exception cref="ArgumentException">The file is missing, unreadable or too large.</exception>
    public static string ReadText(string path, string what, string expected, string paramName)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ArgumentException($"The {what} file '{path}' does not exist; expected a PEM file holding {expected}.", paramName);
        }

        if (file.Length > MaxFileBytes)
        {
            throw new ArgumentException($"The {what} file '{path}' has {file.Length} bytes; expected a PEM file of at most {MaxFileBytes} bytes holding {expected}.", paramName);
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"The {what} file '{path}' cannot be read ({ex.Message}); expected a readable PEM file holding {expected}.", paramName, ex);
        }
    }

    /// <summary>Every certificate in a PEM text, in order.</summary>
    /// <exception cref="ArgumentException">The text holds no certificate, or one that cannot be decoded.</exception>
    public static X509Certificate2Collection Certificates(string text, string path, string what, string paramName)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"The {what} file '{path}' holds a CERTIFICATE block that cannot be decoded ({ex.Message}); expected PEM certificates (-----BEGIN CERTIFICATE-----).", paramName, ex);
        }

        if (certificates.Count == 0)
        {
            throw new ArgumentException($"The {what} file '{path}' holds no certificate; expected PEM text starting -----BEGIN CERTIFICATE-----.", paramName);
        }

        return certificates;
    }

    /// <summary>Checks that a key file's text holds an unencrypted private key.</summary>
    /// <exception cref="ArgumentException">It holds none, or an encrypted one.</exception>
    public static void RequirePrivateKey(string text, string path, string paramName)
    {
        bool encrypted = false;
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (label.SequenceEqual("ENCRYPTED PRIVATE KEY"))
            {
                encrypted = true;
            }
            else if (label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                return;
            }

            rest = rest[fields.Location.End..];
        }

        throw new ArgumentException(
            encrypted
                ? $"The TLS key file '{path}' holds an encrypted private key; expected an unencrypted one (openssl pkey -in '{path}' -out key.pem), kept readable by its owner only."
                : $"The TLS key file '{path}' holds no private key; expected PEM text starting -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY).",
            paramName);
    }
}
