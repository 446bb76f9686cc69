using System.Collections.Immutable;

namespace Clipper.Configuration;

/// <summary>
/// One API key of an application, as stored: its public id, the SHA-256 hash of its secret, a label for people and
/// when it was made. The key itself (<c>ck_&lt;key id&gt;_&lt;secret&gt;</c>) is shown once when it is created and
/// never stored, so nothing read back from the store lets anyone present it.
/// </summary>
public sealed record ApiKeyRecord
{
    /// <summary>The key's public id: 16 lower-case hexadecimal characters, the part between <c>ck_</c> and the next <c>_</c>.</summary>
    public required string KeyId { get; init; }

    /// <summary>The SHA-256 hash (32 bytes) of the key's 32 secret bytes.</summary>
    public required ImmutableArray<byte> SecretHash { get; init; }

    /// <summary>What the key is for, chosen by whoever made it (for example the client's name); may be empty.</summary>
    public string Label { get; init; } = "";

    /// <summary>When the key was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
