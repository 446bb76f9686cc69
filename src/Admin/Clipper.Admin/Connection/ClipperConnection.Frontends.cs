using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Clipper.ContainerManagers;

namespace Clipper.Admin.Connection;

public sealed partial class ClipperConnection
{
    private static readonly TimeSpan s_frontendProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The live query frontends (those whose lease in Redis holds), ordered by id, with the replicas connected to each.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The frontends.</returns>
    /// <exception cref="ClipperException">The management API cannot be reached or refused, or answered something unreadable.</exception>
    public async Task<IReadOnlyList<QueryFrontendInfo>> GetQueryFrontendsAsync(CancellationToken cancellationToken = default)
    {
        var answer = await Management.QueryAsync("get_query_frontends", new { }, cancellationToken).ConfigureAwait(false);
        try
        {
            var frontends = new List<QueryFrontendInfo>();
            foreach (var frontend in answer.EnumerateArray())
            {
                var replicas = new SortedDictionary<string, int>(StringComparer.Ordinal);
                foreach (var model in frontend.GetProperty("replicas").EnumerateObject())
                {
                    replicas[model.Name] = model.Value.GetInt32();
                }

                var http = frontend.GetProperty("http_address").GetString()!;
                frontends.Add(new QueryFrontendInfo(
                    frontend.GetProperty("id").GetString()!,
                    frontend.GetProperty("rpc_address").GetString()!,
                    Uri.TryCreate(http, UriKind.Absolute, out var uri) ? uri : throw new FormatException($"http_address '{http}' is not an absolute URL"),
                    DateTimeOffset.Parse(frontend.GetProperty("started_at").GetString()!, CultureInfo.InvariantCulture),
                    replicas)
                {
                    RefusedContainers = ReadRefusals(frontend),
                    Apps = frontend.TryGetProperty("apps", out var apps) && apps.ValueKind == JsonValueKind.Object
                        ? Monitoring.AppCountersJson.Read(apps)
                        : new Dictionary<string, Monitoring.AppCounters>(),
                });
            }

            return frontends;
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new ClipperException($"The management frontend answered get_query_frontends with something unexpected ({ex.Message}): {answer.GetRawText()}", ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> query frontends: asks the container manager to start or stop frontends (those
    /// stopped drain first), then waits until exactly <paramref name="count"/> hold a lease and each answers
    /// <c>GET /</c> at its HTTP address. Model replicas connect to every new frontend by themselves.
    /// </summary>
    /// <param name="count">How many query frontends to run: 1 to <see cref="QueryFrontendCount.Max"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The frontends, ordered by id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not 1 to <see cref="QueryFrontendCount.Max"/>.</exception>
    /// <exception cref="ClipperException">
    /// The manager could not start them, or they did not all come up within <see cref="ClipperConnectionOptions.FrontendTimeout"/>:
    /// the message names those missing or not answering, with the last log lines of each.
    /// </exception>
    public async Task<IReadOnlyList<QueryFrontendInfo>> ScaleFrontendsAsync(int count, CancellationToken cancellationToken = default)
    {
        if (count is < QueryFrontendCount.Min or > QueryFrontendCount.Max)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, QueryFrontendCount.Describe(count, "the number of query frontends"));
        }

        _ = Addresses;
        _options.Progress?.Report($"running {count} query frontend(s)...");
        var managed = await ManagerCallAsync(() => Manager.SetQueryFrontendCountAsync(count, cancellationToken)).ConfigureAwait(false);
        using var http = CreateProbeClient();
        var deadline = Stopwatch.GetTimestamp() + (long)(_options.FrontendTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var frontends = await GetQueryFrontendsAsync(cancellationToken).ConfigureAwait(false);
            var silent = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var frontend in frontends)
            {
                if (await ProbeAsync(http, frontend.HttpAddress, cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    silent[frontend.Id] = failure;
                }
            }

            if (frontends.Count == count && silent.Count == 0)
            {
                return frontends;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                throw new ClipperException(await DescribeScaleFailureAsync(count, frontends, silent, managed, cancellationToken).ConfigureAwait(false));
            }

            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The client that checks each frontend answers at its own address. Over HTTPS the certificate must chain to the
    /// cluster's CA, but need not name that address: a frontend announces the address it is reached at inside its
    /// network (a pod's IP on Kubernetes), which a certificate made before the pods existed cannot carry. The probe sends
    /// nothing secret, and clients still check names on every other call.
    /// </summary>
    private HttpClient CreateProbeClient()
    {
        var handler = _trust.CreateHttpHandler();
        var trust = _trust;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            trust.Verify(certificate, chain, errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch, out string? _);
        return new HttpClient(handler) { Timeout = s_frontendProbeTimeout };
    }

    /// <summary>Null when the frontend at <paramref name="frontend"/> is ready (<c>GET /readyz</c> answers 2xx); otherwise what happened.</summary>
    private async Task<string?> ProbeAsync(HttpClient http, Uri frontend, CancellationToken cancellationToken)
    {
        var address = new Uri(frontend, "/readyz");
        try
        {
            using var response = await http.GetAsync(address, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            // The body lists the checks and their states (nothing secret), e.g. "configuration: not loaded (Redis not reached yet)".
            var checks = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim().ReplaceLineEndings("; ");
            return $"GET {address} answered {(int)response.StatusCode}{(checks.Length is > 0 and <= 500 ? ": " + checks : "")}";
        }
        catch (HttpRequestException ex)
        {
            return $"GET {address} failed: {DescribeTlsFailure(ex, address) ?? ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"GET {address} did not answer within {s_frontendProbeTimeout.TotalSeconds:0} s";
        }
    }

    private async Task<string> DescribeScaleFailureAsync(
        int count, IReadOnlyList<QueryFrontendInfo> frontends, IReadOnlyDictionary<string, string> silent, IReadOnlyList<string> managed, CancellationToken cancellationToken)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Scaling to {count} query frontend(s) did not finish within {_options.FrontendTimeout.TotalSeconds:0} s: ")
            .Append(CultureInfo.InvariantCulture, $"{frontends.Count} hold a lease ({(frontends.Count == 0 ? "none" : string.Join(", ", frontends.Select(f => f.Id)))}), expected exactly {count}.");
        foreach (var (id, failure) in silent)
        {
            text.Append(CultureInfo.InvariantCulture, $" {id} does not answer: {failure}.");
        }

        var leased = frontends.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in managed)
        {
            // A frontend announces itself as CLUSTER-ID (IContainerManager.SetQueryFrontendCountAsync).
            var frontendId = Manager.ClusterName + "-" + id;
            if (leased.Contains(frontendId) && !silent.ContainsKey(frontendId))
            {
                continue;
            }

            text.Append(Environment.NewLine).Append(CultureInfo.InvariantCulture, $"{id} ({(leased.Contains(frontendId) ? "does not answer" : "holds no lease")}); its last log lines:");
            try
            {
                foreach (var line in await Manager.GetLogTailAsync(id, 10, cancellationToken).ConfigureAwait(false))
                {
                    text.Append(Environment.NewLine).Append("  ").Append(line);
                }
            }
            catch (ContainerManagerException ex)
            {
                text.Append(" none (").Append(ex.Message).Append(')');
            }
        }

        return text.ToString();
    }

    private static List<Clipper.Configuration.RefusedContainerRecord> ReadRefusals(JsonElement frontend)
    {
        var refusals = new List<Clipper.Configuration.RefusedContainerRecord>();

        // Management frontends before refusals were published answer without the field.
        if (!frontend.TryGetProperty("refused_containers", out var array))
        {
            return refusals;
        }

        foreach (var refusal in array.EnumerateArray())
        {
            refusals.Add(new Clipper.Configuration.RefusedContainerRecord
            {
                At = DateTimeOffset.Parse(refusal.GetProperty("at").GetString()!, CultureInfo.InvariantCulture),
                Protocol = refusal.GetProperty("protocol").GetString()!,
                Address = refusal.GetProperty("address").GetString()!,
                Model = refusal.GetProperty("model").GetString()!,
                Reason = refusal.GetProperty("reason").GetString()!,
            });
        }

        return refusals;
    }
}
