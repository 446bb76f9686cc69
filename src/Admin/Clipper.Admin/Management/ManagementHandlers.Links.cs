using System.Globalization;
using Clipper.Configuration;

namespace Clipper.Admin.Management;

/// <summary>
/// Several models per application (ours, beside Clipper's <c>add_model_links</c>): a link's weight or shadow share, and the
/// application's selection policy. Answered Clipper's way: a sentence, or the store's refusal.
/// </summary>
internal sealed partial class ManagementHandlers
{
    public async Task<Reply> SetModelLinkAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadModelLink(request, out var appName, out var link, out var failure))
        {
            return failure;
        }

        var result = await store.SetModelLinkAsync(appName, link, cancellationToken).ConfigureAwait(false);
        var role = link.IsShadow
            ? string.Create(CultureInfo.InvariantCulture, $"a shadow sent {link.ShadowPercent}% of the queries")
            : string.Create(CultureInfo.InvariantCulture, $"served with weight {link.Weight}");
        return Reply.From(result, $"Successfully linked model with name '{link.Model}' to application '{appName}': {role}");
    }

    public async Task<Reply> SetAppPolicyAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadSelectionPolicy(request, out var appName, out var policy, out var failure))
        {
            return failure;
        }

        var result = await store.SetSelectionPolicyAsync(appName, policy, cancellationToken).ConfigureAwait(false);
        return Reply.From(result, $"Application '{appName}' now selects its models with policy '{policy.ToName()}'");
    }
}
