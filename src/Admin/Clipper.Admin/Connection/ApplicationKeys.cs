namespace Clipper.Admin.Connection;

/// <summary>An application's API key state.</summary>
/// <param name="Application">The application.</param>
/// <param name="RequireKey">Whether predictions must present one of its keys.</param>
/// <param name="Keys">Its keys, ordered by id.</param>
public sealed record ApplicationKeys(string Application, bool RequireKey, IReadOnlyList<ApiKeyInfo> Keys);
