namespace Clipper.Admin.Connection;

/// <summary>One API key of an application, as listings show it: never its secret.</summary>
/// <param name="KeyId">The key's public id (16 hexadecimal characters), which names it to <see cref="ClipperConnection.RevokeApiKeyAsync"/>.</param>
/// <param name="Label">What the key is for, as given when it was made.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record ApiKeyInfo(string KeyId, string Label, DateTimeOffset CreatedAt);
