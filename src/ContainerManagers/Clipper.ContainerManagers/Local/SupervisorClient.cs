using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers.Local;

/// <summary>Calls a supervisor's control API; refusals become <see cref="ContainerManagerException"/>s with the supervisor's message.</summary>
internal sealed class SupervisorClient : IDisposable
{
    private readonly HttpClient _http;

    public SupervisorClient(LocalClusterState state, TimeSpan timeout)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{state.ControlPort}/"), Timeout = timeout };
        _http.DefaultRequestHeaders.Add(SupervisorControlApi.TokenHeader, state.ControlToken);
    }

    public Task<SupervisorStatus> GetStatusAsync(CancellationToken cancellationToken) =>
        SendAsync<SupervisorStatus>(HttpMethod.Get, "status", null, cancellationToken);

    public Task<ClusterAddresses> StartClusterAsync(ClusterStartOptions options, CancellationToken cancellationToken) =>
        SendAsync<ClusterAddresses>(HttpMethod.Post, "cluster/start", options, cancellationToken);

    public Task DeployAsync(ModelDeployment deployment, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, "models/deploy", deployment, cancellationToken);

    public Task ScaleAsync(ModelVersionId model, int replicas, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, "models/scale", new ScaleRequest(model, replicas), cancellationToken);

    public Task<string[]> ScaleFrontendsAsync(int count, CancellationToken cancellationToken) =>
        SendAsync<string[]>(HttpMethod.Post, "frontends/scale", new FrontendScaleRequest(count), cancellationToken);

    public Task<int> GetReplicaCountAsync(ModelVersionId model, CancellationToken cancellationToken) =>
        SendAsync<int>(HttpMethod.Get, $"models/{Uri.EscapeDataString(model.Name)}/{Uri.EscapeDataString(model.Version)}/replicas", null, cancellationToken);

    public Task StopModelsAsync(IReadOnlyList<ModelVersionId> models, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, "models/stop", new StopModelsRequest(models), cancellationToken);

    public Task StopAllModelsAsync(CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, "models/stop-all", new { }, cancellationToken);

    public Task<string[]> TailLogAsync(string id, int lines, CancellationToken cancellationToken) =>
        SendAsync<string[]>(HttpMethod.Get, $"logs/{Uri.EscapeDataString(id)}?lines={lines}", null, cancellationToken);

    public Task ShutdownAsync(bool graceful, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, "shutdown", new ShutdownRequest(graceful), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            ControlError? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync<ControlError>(cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not one of ours: the status says enough.
            }

            throw new ContainerManagerException(error?.Error ?? $"The cluster supervisor answered {(int)response.StatusCode} to {method} /{path}.");
        }

        if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object))
        {
            return default!;
        }

        return (await response.Content.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false))!;
    }
}
