using System.Buffers.Text;
using System.Security.Cryptography;

namespace Clipper.Configuration.Keys;

/// <summary>
/// The text form of an application's API key, <c>ck_&lt;key id&gt;_&lt;secret&gt;</c>: <c>ck_</c>, a public id of
/// 16 lower-case hexadecimal characters (64 random bits, which name the key in listings and revocations), <c>_</c>,
/// and 32 random bytes in base64url without padding (43 characters): 63 characters in all. The store keeps only the
/// SHA-256 hash of the secret bytes. Parsing never throws and never allocates: a malformed key is a <see langword="false"/>.
/// </summary>
public static class ApiKeyFormat
{
    /// <summary>How every key starts.</summary>
    public const string Prefix = "ck_";

    /// <summary>The number of hexadecimal characters of a key id.</summary>
    public const int KeyIdLength = 16;

    /// <summary>The number of random bytes of a key's secret.</summary>
    public const int SecretBytes = 32;

    /// <summary>The length of a secret's base64url text (no padding).</summary>
    public const int SecretLength = 43;

    /// <summary>The length of a whole key.</summary>
    public const int KeyLength = 3 + KeyIdLength + 1 + SecretLength;

    /// <summary>The length of a SHA-256 hash.</summary>
    public const int HashBytes = 32;

    /// <summary>Makes a new key from the system's cryptographic random generator.</summary>
    /// <returns>The key's text (to be shown once), its id and the hash of its secret (to be stored).</returns>
    public static NewApiKey Generate()
    {
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        var keyId = FormatKeyId(BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong))));
        var hash = SHA256.HashData(secret);
        var key = Prefix + keyId + "_" + Base64Url.EncodeToString(secret);
        CryptographicOperations.ZeroMemory(secret);
        return new NewApiKey(key, keyId, hash);
    }

    /// <summary>
    /// Reads a presented key and hashes its secret into <paramref name="secretHash"/>, as the stored hash was made.
    /// The secret only ever lives on the stack, and is cleared before returning.
    /// </summary>
    /// <param name="key">The presented key, for example the value of an <c>X-Clipper-Api-Key</c> header.</param>
    /// <param name="keyId">The key id, as a number (see <see cref="TryParseKeyId"/>).</param>
    /// <param name="secretHash">Receives the SHA-256 hash of the secret; at least <see cref="HashBytes"/> long.</param>
    /// <returns><see langword="false"/> when the text is not a key: wrong prefix, wrong length, an id that is not lower-case hexadecimal, a secret that is not base64url.</returns>
    public static bool TryHash(ReadOnlySpan<char> key, out ulong keyId, Span<byte> secretHash)
    {
        keyId = 0;
        if (key.Length != KeyLength
            || !key.StartsWith(Prefix, StringComparison.Ordinal)
            || key[Prefix.Length + KeyIdLength] != '_'
            || !TryParseKeyId(key.Slice(Prefix.Length, KeyIdLength), out keyId))
        {
            return false;
        }

        var secretText = key[(KeyLength - SecretLength)..];
        if (!IsBase64UrlAlphabet(secretText))
        {
            keyId = 0;
            return false;
        }

        Span<byte> secret = stackalloc byte[SecretBytes + 1];
        var decoded = Base64Url.TryDecodeFromChars(secretText, secret, out var written) && written == SecretBytes;
        if (decoded)
        {
            SHA256.HashData(secret[..SecretBytes], secretHash);
        }
        else
        {
            keyId = 0;
        }

        CryptographicOperations.ZeroMemory(secret);
        return decoded;
    }

    /// <summary>Reads a key id: exactly 16 lower-case hexadecimal characters.</summary>
    /// <param name="text">The text.</param>
    /// <param name="keyId">The id as a number, for lookups without strings.</param>
    /// <returns><see langword="true"/> when the text is a key id.</returns>
    public static bool TryParseKeyId(ReadOnlySpan<char> text, out ulong keyId)
    {
        keyId = 0;
        if (text.Length != KeyIdLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                keyId = 0;
                return false;
            }

            keyId = (keyId << 4) | (uint)digit;
        }

        return true;
    }

    /// <summary>Writes a key id as its 16 lower-case hexadecimal characters.</summary>
    /// <param name="keyId">The id.</param>
    /// <returns>The text.</returns>
    public static string FormatKeyId(ulong keyId) => keyId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether a text looks like a whole key rather than a key id (so that errors can say so without quoting it).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it starts with <see cref="Prefix"/>.</returns>
    public static bool LooksLikeKey(ReadOnlySpan<char> text) => text.StartsWith(Prefix, StringComparison.Ordinal);

    private static bool IsBase64UrlAlphabet(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
