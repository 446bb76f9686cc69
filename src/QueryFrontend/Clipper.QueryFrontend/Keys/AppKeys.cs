using System.Collections.Frozen;
using System.Security.Cryptography;
using Clipper.Configuration;
using Clipper.Configuration.Keys;

namespace Clipper.QueryFrontend.Keys;

/// <summary>
/// The API keys of one application that requires a key, frozen with the routing snapshot: each key's secret hash by
/// its id. A check hashes the presented secret on the stack and compares hashes in constant time; it allocates nothing
/// and never keeps or logs the key.
/// </summary>
internal sealed class AppKeys
{
    private readonly FrozenDictionary<ulong, byte[]> _hashes;

    public AppKeys(IEnumerable<ApiKeyRecord> keys)
    {
        var hashes = new Dictionary<ulong, byte[]>();
        foreach (var key in keys)
        {
            if (ApiKeyFormat.TryParseKeyId(key.KeyId, out var id) && key.SecretHash.Length == ApiKeyFormat.HashBytes)
            {
                hashes.TryAdd(id, [.. key.SecretHash]);
            }
        }

        _hashes = hashes.ToFrozenDictionary();
    }

    /// <summary>How many keys the application has.</summary>
    public int Count => _hashes.Count;

    /// <summary>Checks a presented key (<see cref="KeyCheck.Missing"/> is the caller's to decide: an empty text is malformed here).</summary>
    /// <param name="presented">The key as sent.</param>
    /// <returns><see cref="KeyCheck.Accepted"/>, <see cref="KeyCheck.Malformed"/> or <see cref="KeyCheck.Invalid"/>.</returns>
    public KeyCheck Check(ReadOnlySpan<char> presented)
    {
        Span<byte> hash = stackalloc byte[ApiKeyFormat.HashBytes];
        if (!ApiKeyFormat.TryHash(presented, out var keyId, hash))
        {
            return KeyCheck.Malformed;
        }

        // The id is public (listings show it), so finding it by a lookup leaks nothing; the secret's hash is
        // compared in constant time.
        return _hashes.TryGetValue(keyId, out var stored) && CryptographicOperations.FixedTimeEquals(hash, stored)
            ? KeyCheck.Accepted
            : KeyCheck.Invalid;
    }
}
