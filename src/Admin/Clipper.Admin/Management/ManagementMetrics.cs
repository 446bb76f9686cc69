using System.Diagnostics.Metrics;
using System.Globalization;

namespace Clipper.Admin.Management;

/// <summary>
/// The management frontend's instruments, exported as Prometheus text on its <c>GET /metrics</c>: the admin operations
/// by operation and status (refusals of access included), and the operations that failed because the configuration
/// store (Redis) did not answer. Not a hot path: tags are built per call.
/// </summary>
internal sealed class ManagementMetrics
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "Clipper.Management";

    private readonly Counter<long> _operations;
    private readonly Counter<long> _storeErrors;

    public ManagementMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _operations = meter.CreateCounter<long>("clipper.management.operations", "{operation}", "Admin operations answered, by operation (e.g. add_app) and HTTP status (200, 400, 401, 403, 503...).");
        _storeErrors = meter.CreateCounter<long>("clipper.management.store.errors", "{operation}", "Admin operations that failed because the configuration store (Redis) did not answer, by operation.");
    }

    /// <summary>An admin operation was answered with <paramref name="status"/>.</summary>
    public void Answered(string operation, int status) =>
        _operations.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("status", status.ToString(CultureInfo.InvariantCulture)));

    /// <summary>An admin operation failed because the configuration store did not answer.</summary>
    public void StoreFailed(string operation) => _storeErrors.Add(1, new KeyValuePair<string, object?>("operation", operation));
}
