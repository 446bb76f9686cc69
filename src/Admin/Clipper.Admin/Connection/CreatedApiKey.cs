namespace Clipper.Admin.Connection;

/// <summary>
/// An API key just made. <see cref="Key"/> is the only copy: the cluster keeps its hash, so it cannot be shown again.
/// </summary>
/// <param name="Application">The application it opens.</param>
/// <param name="Info">Its id, label and creation time.</param>
/// <param name="Key">The key, <c>ck_&lt;key id&gt;_&lt;secret&gt;</c>, to send as <c>Authorization: Bearer KEY</c> or <c>X-Clipper-Api-Key: KEY</c>.</param>
public sealed record CreatedApiKey(string Application, ApiKeyInfo Info, string Key)
{
    /// <summary>Names the key by its id only, so that logging the record does not log the key.</summary>
    /// <returns>The application and key id.</returns>
    public override string ToString() => $"API key {Info.KeyId} of {Application}";
}
