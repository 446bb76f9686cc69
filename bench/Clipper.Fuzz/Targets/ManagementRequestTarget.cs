using System.Buffers;
using Clipper.Admin.Management;
using Clipper.Configuration.Validation;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// A management API body read by every operation's reader (<see cref="ManagementRequests"/>), each on its own parse
/// as the frontend does per request; what a reader accepts then goes through the checks the store applies.
/// </summary>
internal static class ManagementRequestTarget
{
    public static void Run(byte[] input)
    {
        var body = FuzzInput.From(input).Sequence;

        using (var request = Parse(body, RequestSchemas.AddApplication))
        {
            if (Accepted(ManagementRequests.TryReadApplication(request, out var application, out var failure), failure, request))
            {
                _ = ConfigurationValidator.ValidateApplication(application!);
            }
        }

        using (var request = Parse(body, RequestSchemas.AddModel))
        {
            if (Accepted(ManagementRequests.TryReadModelVersion(request, out var model, out var failure), failure, request))
            {
                Check.That(ConfigurationValidator.ValidateCacheBytes(model!.CacheBytes) is null, "an accepted cache bound is in range");
                _ = ConfigurationValidator.ValidateModelVersion(model);
            }
        }

        using (var request = Parse(body, RequestSchemas.ModelLinks))
        {
            if (Accepted(ManagementRequests.TryReadModelLinks(request, out var appName, out var modelNames, out var failure), failure, request))
            {
                _ = ConfigurationValidator.ValidateName(appName, "app_name", "application name");
                foreach (var name in modelNames)
                {
                    Check.That(name is not null, "model_names: no null name");
                    _ = ConfigurationValidator.ValidateName(name, "model_names", "model name");
                }
            }
        }

        using (var request = Parse(body, RequestSchemas.SetModelLink))
        {
            if (Accepted(ManagementRequests.TryReadModelLink(request, out _, out var link, out var failure), failure, request))
            {
                Check.That(ConfigurationValidator.ValidateLinkWeight(link!.Weight) is null && ConfigurationValidator.ValidateShadowPercent(link.ShadowPercent) is null, "accepted link options are in range");
                _ = ConfigurationValidator.ValidateModelLink(link);
            }
        }

        using (var request = Parse(body, RequestSchemas.SetAppPolicy))
        {
            if (Accepted(ManagementRequests.TryReadSelectionPolicy(request, out _, out var policy, out var failure), failure, request))
            {
                Check.That(Enum.IsDefined(policy), "an accepted policy is one of the enum's");
            }
        }

        using (var request = Parse(body, RequestSchemas.ModelVersion))
        {
            if (Accepted(ManagementRequests.TryReadModelVersionId(request, out var id, out var failure), failure, request))
            {
                _ = ConfigurationValidator.ValidateName(id.Name, "model_name", "model name") ?? ConfigurationValidator.ValidateName(id.Version, "model_version", "model version");
            }
        }

        using (var request = Parse(body, RequestSchemas.Container))
        {
            if (Accepted(ManagementRequests.TryReadReplicaKey(request, out var key, out var failure), failure, request))
            {
                _ = key.ToString();
            }
        }

        using (var request = Parse(body, RequestSchemas.ApplicationName))
        {
            Accepted(ManagementRequests.TryReadString(request, "name", out _, out var failure), failure, request);
        }

        using (var request = Parse(body, RequestSchemas.Verbose))
        {
            Accepted(ManagementRequests.TryReadVerbose(request, out _, out var failure), failure, request);
        }

        using (var request = Parse(body, RequestSchemas.AddApiKey))
        {
            if (Accepted(ManagementRequests.TryReadNewApiKey(request, out var appName, out var label, out var failure), failure, request))
            {
                Check.That(ConfigurationValidator.ValidateKeyLabel(label) is null, "an accepted label is valid");
                _ = ConfigurationValidator.ValidateName(appName, "app_name", "application name");
            }
        }

        using (var request = Parse(body, RequestSchemas.ApiKeyId))
        {
            if (Accepted(ManagementRequests.TryReadApiKeyId(request, out _, out var keyId, out var failure), failure, request))
            {
                Check.That(ConfigurationValidator.ValidateKeyId(keyId) is null, "an accepted key id is valid");
            }
            else
            {
                // Short values can appear in the sentence by chance; a long one would be the value quoted.
                Check.That(request.Error is not null || keyId.Length < 20 || !failure.Body.Contains(keyId, StringComparison.Ordinal), "a refused key id is never quoted: it may be a whole key");
            }
        }

        using (var request = Parse(body, RequestSchemas.RequireKey))
        {
            Accepted(ManagementRequests.TryReadRequireKey(request, out _, out _, out var failure), failure, request);
        }

        using (var request = Parse(body, RequestSchemas.Empty))
        {
            Accepted(ManagementRequests.TryReadEmpty(request, out var failure), failure, request);
        }
    }

    private static JsonRequest Parse(in ReadOnlySequence<byte> body, string schema) => JsonRequest.Parse(body, schema);

    /// <summary>Checks a reader's outcome: a refusal is a 400 naming the schema or the input type, a success has no error.</summary>
    private static bool Accepted(bool accepted, Reply failure, JsonRequest request)
    {
        if (accepted)
        {
            Check.That(request.Error is null, "an accepted request has no error");
            return true;
        }

        Check.Equal(400, failure.StatusCode, "a refused request's status");
        Check.That(!string.IsNullOrEmpty(failure.Body), "a refusal says why");
        Check.That(request.Error is null || failure.Body == request.Error, "a JSON refusal is the request's first error");
        Check.That(request.Error is null || request.Error.StartsWith("Error parsing JSON: ", StringComparison.Ordinal), "Clipper's wording");
        return false;
    }
}
