using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Admin.Connection;

public sealed partial class ClipperConnection
{
    /// <summary>Stops every replica of every version of the named models.</summary>
    public async Task StopModelsAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var wanted = new HashSet<string>(names, StringComparer.Ordinal);
        var versions = new List<ModelVersionId>();
        foreach (var replica in await ManagerCallAsync(() => Manager.GetReplicasAsync(null, cancellationToken)).ConfigureAwait(false))
        {
            if (wanted.Contains(replica.Model.Name) && !versions.Contains(replica.Model))
            {
                versions.Add(replica.Model);
            }
        }

        await ManagerCallAsync(() => Manager.StopModelsAsync(versions, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Stops every replica of the given versions.</summary>
    public Task StopVersionedModelsAsync(IReadOnlyCollection<ModelVersionId> versions, CancellationToken cancellationToken = default) =>
        ManagerCallAsync(() => Manager.StopModelsAsync(versions, cancellationToken));

    /// <summary>Stops the replicas of every version of the named models that is not the current one.</summary>
    public async Task StopInactiveModelVersionsAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var current = await GetCurrentVersionsAsync(cancellationToken).ConfigureAwait(false);
        var inactive = new List<ModelVersionId>();
        foreach (var replica in await ManagerCallAsync(() => Manager.GetReplicasAsync(null, cancellationToken)).ConfigureAwait(false))
        {
            if (names.Contains(replica.Model.Name) && !inactive.Contains(replica.Model)
                && current.GetValueOrDefault(replica.Model.Name) != replica.Model.Version)
            {
                inactive.Add(replica.Model);
            }
        }

        await ManagerCallAsync(() => Manager.StopModelsAsync(inactive, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Stops every model replica; the frontends and Redis keep running.</summary>
    public Task StopAllModelContainersAsync(CancellationToken cancellationToken = default) =>
        ManagerCallAsync(() => Manager.StopAllModelContainersAsync(cancellationToken));

    /// <summary>Stops the whole cluster; nothing it started is left running.</summary>
    public Task StopAllAsync(bool graceful = true, CancellationToken cancellationToken = default) =>
        ManagerCallAsync(() => Manager.StopAllAsync(graceful, cancellationToken));

    /// <summary>Copies every log of the cluster into <paramref name="directory"/>; returns the files.</summary>
    public Task<IReadOnlyList<string>> GetClipperLogsAsync(string directory, CancellationToken cancellationToken = default) =>
        ManagerCallAsync(() => Manager.CollectLogsAsync(directory, cancellationToken));

    /// <summary>The query frontend's counters (its <c>GET /metrics</c> JSON, asked for with <c>Accept: application/json</c>).</summary>
    public async Task<JsonElement> InspectInstanceAsync(CancellationToken cancellationToken = default)
    {
        using var http = CreateHttpClient(_options.RequestTimeout);
        try
        {
            // The path answers Prometheus's text unless the request asks for Clipper's JSON.
            using var request = new HttpRequestMessage(HttpMethod.Get, Addresses.Metrics);
            request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (HttpRequestException ex)
        {
            throw new ClipperException($"The query frontend's metrics at {Addresses.Metrics} cannot be read: {DescribeTlsFailure(ex, Addresses.Metrics) ?? ex.Message}", ex);
        }
    }
}
