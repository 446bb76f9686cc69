using System.Security.Cryptography;
using System.Text;

namespace Clipper.ModelRpc.Security;

/// <summary>
/// A cluster credential: the admin token of the management API, or the join token model replicas present.
/// 256 random bits written as base64url text. Its <see cref="ToString"/> never shows it, so it cannot reach
/// a log by accident; <see cref="Value"/> is the only way to the text.
/// </summary>
public sealed class ClusterToken : IEquatable<ClusterToken>
{
    /// <summary>The fewest characters a token given by an operator may have: shorter ones can be guessed.</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _hash;

    private ClusterToken(string value)
    {
        Value = value;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The token's text, as it is sent (an <c>Authorization: Bearer</c> header, or a handshake field).</summary>
    public string Value { get; }

    /// <summary>A new random token of 256 bits.</summary>
    /// <returns>The token.</returns>
    public static ClusterToken Create() => new(Base64Url(RandomNumberGenerator.GetBytes(32)));

    /// <summary>A token given as text (a variable or a file's content); surrounding whitespace is not part of it.</summary>
    /// <param name="value">The text.</param>
    /// <param name="source">Where it came from, for the error message (for example <c>CLIPPER_ADMIN_TOKEN</c>).</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException">The text is shorter than <see cref="MinimumLength"/> or holds whitespace or control characters.</exception>
    public static ClusterToken Parse(string value, string source)
    {
        ArgumentNullException.ThrowIfNull(value);
        string trimmed = value.Trim();
        if (trimmed.Length < MinimumLength)
        {
            throw new ArgumentException($"The token in {source} has {trimmed.Length} characters; expected at least {MinimumLength} (a new cluster makes one of 43).", nameof(value));
        }

        foreach (char c in trimmed)
        {
            if (c <= ' ' || c >= '\u007f')
            {
                throw new ArgumentException($"The token in {source} holds a space, a control or a non-ASCII character; expected printable ASCII such as the base64url text a new cluster makes.", nameof(value));
            }
        }

        return new ClusterToken(trimmed);
    }

    /// <summary>Whether <paramref name="presented"/> is this token, in time that does not depend on where they differ.</summary>
    /// <param name="presented">What a client sent; <see langword="null"/> or empty never matches.</param>
    /// <returns><see langword="true"/> when it is the token.</returns>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        if (presented.IsEmpty)
        {
            return false;
        }

        // Comparing hashes keeps the time independent of the length too.
        Span<byte> utf8 = presented.Length <= 256 ? stackalloc byte[presented.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        int length = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }

    /// <summary>Reads a token from a file that only its owner may read.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The token.</returns>
    /// <exception cref="ArgumentException">The file is missing, readable by others than its owner, or holds no valid token; the message says which.</exception>
    public static ClusterToken ReadFile(string path) => Parse(SecretFile.Read(path, "token"), $"the file '{path}'");

    /// <summary>Writes the token to a new file only its owner can read and write (mode 600), replacing any file there.</summary>
    /// <param name="path">The file; its directory must exist.</param>
    public void WriteFile(string path) => SecretFile.Write(path, Value);

    /// <summary>Whether both are the same token (compared in constant time), so records holding tokens compare by value.</summary>
    /// <param name="other">The other token.</param>
    /// <returns><see langword="true"/> when both have the same text.</returns>
    public bool Equals(ClusterToken? other) => other is not null && CryptographicOperations.FixedTimeEquals(_hash, other._hash);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ClusterToken);

    /// <inheritdoc />
    public override int GetHashCode() => BitConverter.ToInt32(_hash, 0);

    /// <summary>Never the token itself.</summary>
    /// <returns>A placeholder.</returns>
    public override string ToString() => "(cluster token)";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
