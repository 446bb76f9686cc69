namespace Clipper.Configuration.Keys;

/// <summary>A key just made by <see cref="ApiKeyFormat.Generate"/>.</summary>
/// <param name="Key">The whole key, <c>ck_&lt;key id&gt;_&lt;secret&gt;</c>: shown once to whoever made it, never stored or logged.</param>
/// <param name="KeyId">The key's public id (16 lower-case hexadecimal characters).</param>
/// <param name="SecretHash">The SHA-256 hash of the secret, which the store keeps.</param>
public sealed record NewApiKey(string Key, string KeyId, byte[] SecretHash)
{
    /// <summary>The key id only: the key must not reach logs through a record's default text.</summary>
    /// <returns>A text naming the key by its id.</returns>
    public override string ToString() => "API key " + KeyId;
}
