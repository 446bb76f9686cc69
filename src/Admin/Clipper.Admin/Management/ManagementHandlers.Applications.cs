using Clipper.Configuration.Validation;

namespace Clipper.Admin.Management;

/// <summary>Applications and links.</summary>
internal sealed partial class ManagementHandlers
{
    public async Task<Reply> AddApplicationAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadApplication(request, out var application, out var failure))
        {
            return failure;
        }

        var result = await store.AddApplicationAsync(application, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully added application with name '{application.Name}'");
    }

    public async Task<Reply> DeleteApplicationAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadString(request, "name", out var name, out var failure))
        {
            return failure;
        }

        var result = await store.DeleteApplicationAsync(name, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully deleted application with name '{name}'");
    }

    public async Task<Reply> AddModelLinksAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadModelLinks(request, out var appName, out var modelNames, out var failure))
        {
            return failure;
        }

        var result = await store.AddModelLinksAsync(appName, modelNames, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Successfully linked model with name '{(modelNames.Length > 0 ? modelNames[0] : "")}' to application '{appName}'");
    }

    public async Task<Reply> DeleteModelLinksAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadModelLinks(request, out var appName, out var modelNames, out var failure))
        {
            return failure;
        }

        var result = await store.DeleteModelLinksAsync(appName, modelNames, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, "Success!");
    }

    public async Task<Reply> GetAllApplicationsAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadVerbose(request, out var verbose, out var failure))
        {
            return failure;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var applications = OrderByName(state.Applications.Values, a => a.Name);
        return Reply.Json(verbose
            ? ManagementJson.Array(applications, ManagementJson.WriteApplication)
            : ManagementJson.Array(applications, (writer, app) => writer.WriteStringValue(app.Name)));
    }

    public async Task<Reply> GetApplicationAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadString(request, "name", out var name, out var failure))
        {
            return failure;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        return Reply.Json(ManagementJson.Object(state.Applications.GetValueOrDefault(name), ManagementJson.WriteApplication));
    }

    public async Task<Reply> GetLinkedModelsAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadString(request, "app_name", out var appName, out var failure))
        {
            return failure;
        }

        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (!state.TryGetApplication(appName, out var application))
        {
            return Reply.Refused(ConfigurationErrors.ApplicationNotFound(appName));
        }

        return Reply.Json(ManagementJson.Array(application.LinkedModels, (writer, model) => writer.WriteStringValue(model)));
    }
}
