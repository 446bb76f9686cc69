using Clipper.Configuration;
using Clipper.Configuration.Keys;
using Clipper.Configuration.Validation;

namespace Clipper.Admin.Management;

/// <summary>
/// API keys of applications: not Clipper's operations (Clipper had no keys), answered the same way. A key is made here,
/// returned once in the answer to <c>add_api_key</c>, and only its hash is stored; nothing logs it.
/// </summary>
internal sealed partial class ManagementHandlers
{
    public async Task<Reply> AddApiKeyAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadNewApiKey(request, out var appName, out var label, out var failure))
        {
            return failure;
        }

        var made = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord { KeyId = made.KeyId, SecretHash = [.. made.SecretHash], Label = label, CreatedAt = DateTimeOffset.UtcNow };
        var result = await store.AddApiKeyAsync(appName, record, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? Reply.Json(ManagementJson.Object(record, (writer, key) => ManagementJson.WriteNewApiKey(writer, appName, key, made.Key)))
            : Reply.Refused(result.Error);
    }

    public async Task<Reply> GetApiKeysAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadString(request, "app_name", out var appName, out var failure))
        {
            return failure;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        return state.TryGetApplication(appName, out var application)
            ? Reply.Json(ManagementJson.Object(application, ManagementJson.WriteApiKeys))
            : Reply.Refused(ConfigurationErrors.ApplicationNotFound(appName));
    }

    public async Task<Reply> DeleteApiKeyAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadApiKeyId(request, out var appName, out var keyId, out var failure))
        {
            return failure;
        }

        var result = await store.DeleteApiKeyAsync(appName, keyId, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully revoked API key '{keyId}' of application '{appName}'");
    }

    public async Task<Reply> SetRequireKeyAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadRequireKey(request, out var appName, out var requireKey, out var failure))
        {
            return failure;
        }

        var result = await store.SetRequireKeyAsync(appName, requireKey, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, requireKey
            ? $"Application '{appName}' now requires an API key"
            : $"Application '{appName}' no longer requires an API key");
    }
}
