using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Clipper.ModelRpc.Security;

namespace Clipper.Admin.Connection;

/// <summary>Calls the management frontend's <c>/admin/*</c> operations; a refusal becomes a <see cref="ClipperException"/> carrying its sentence.</summary>
internal sealed class ManagementClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TlsTrust _trust;

    public ManagementClient(Uri managementAddress, TimeSpan timeout, ClusterToken? adminToken, TlsTrust? trust = null)
    {
        _trust = trust ?? TlsTrust.MachineStore;
        _http = new HttpClient(_trust.CreateHttpHandler()) { BaseAddress = managementAddress, Timeout = timeout };
        if (adminToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken.Value);
        }
    }

    /// <summary>How the management frontend checks callers (<c>token</c>, <c>loopback-only</c> or <c>insecure</c>), as its last answer said; null before the first.</summary>
    public string? AdminAccess { get; private set; }

    /// <summary>Posts an operation and returns the answer's text (a sentence, or JSON for queries).</summary>
    public async Task<string> PostAsync(string operation, object body, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync("admin/" + operation, body, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (TlsFailures.Describe(ex, "The management frontend", _http.BaseAddress!, _trust) is { } refusal)
        {
            throw new ClipperException(refusal, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ClipperException($"The management frontend at {_http.BaseAddress} cannot be reached ({ex.Message}); is the cluster running?", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClipperException($"The management frontend at {_http.BaseAddress} did not answer {operation} within {_http.Timeout.TotalSeconds:0} s.", ex);
        }

        using (response)
        {
            if (response.Headers.TryGetValues("Clipper-Admin-Access", out var access))
            {
                AdminAccess = access.FirstOrDefault();
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new ClipperException($"{operation} was refused ({(int)response.StatusCode}): {text.Trim()} The admin token is kept by the cluster's manager: connect through the same manager and cluster name that started it, on a machine that can read it.");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ClipperException($"{operation} was refused ({(int)response.StatusCode}): {text.Trim()}");
            }

            return text;
        }
    }

    /// <summary>Posts a query and parses its JSON answer.</summary>
    public async Task<JsonElement> QueryAsync(string operation, object body, CancellationToken cancellationToken)
    {
        var text = await PostAsync(operation, body, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ClipperException($"The management frontend answered {operation} with something that is not JSON: {(text.Length > 200 ? text[..200] : text)}", ex);
        }
    }

    public void Dispose() => _http.Dispose();
}
