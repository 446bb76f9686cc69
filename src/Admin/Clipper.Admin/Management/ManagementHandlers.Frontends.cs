namespace Clipper.Admin.Management;

/// <summary>Query frontends: not one of Clipper's operations (Clipper ran one frontend), answered the same way.</summary>
internal sealed partial class ManagementHandlers
{
    /// <summary>The live frontends (those whose lease in Redis holds), ordered by id, each with the replicas connected to it per model version.</summary>
    public async Task<Reply> GetQueryFrontendsAsync(JsonRequest request, CancellationToken cancellationToken)
    {
        if (!ManagementRequests.TryReadEmpty(request, out var failure))
        {
            return failure;
        }

        var frontends = await store.GetFrontendsAsync(cancellationToken).ConfigureAwait(false);
        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        var replicas = new Dictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var replica in state.Replicas.Values)
        {
            if (!replicas.TryGetValue(replica.FrontendId, out var perModel))
            {
                perModel = new SortedDictionary<string, int>(StringComparer.Ordinal);
                replicas[replica.FrontendId] = perModel;
            }

            var model = replica.Model.ToString();
            perModel[model] = perModel.GetValueOrDefault(model) + 1;
        }

        return Reply.Json(ManagementJson.Array(
            OrderByName(frontends, f => f.Id),
            (writer, frontend) => ManagementJson.WriteFrontend(writer, frontend, replicas.GetValueOrDefault(frontend.Id))));
    }

    /// <summary><c>GET /prometheus/targets</c>: the live frontends, ordered by id, as Prometheus's HTTP service discovery reads them.</summary>
    public async Task<Reply> GetPrometheusTargetsAsync(CancellationToken cancellationToken) =>
        Reply.Json(PrometheusTargetsEndpoint.Write(OrderByName(await store.GetFrontendsAsync(cancellationToken).ConfigureAwait(false), f => f.Id)));
}
