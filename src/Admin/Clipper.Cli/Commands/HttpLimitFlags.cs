using System.CommandLine;
using Clipper.Admin.Management;
using Clipper.QueryFrontend;

namespace Clipper.Cli.Commands;

/// <summary>
/// The flags for the HTTP limits both frontends share, with each frontend's defaults, and the translation of an
/// option's validation error into one that names the flag.
/// </summary>
internal sealed class HttpLimitFlags
{
    private readonly Option<int> _maxConnections;
    private readonly Option<int> _maxHeaderBytes;
    private readonly Option<int> _maxHeaderCount;
    private readonly Option<int> _headersTimeoutMs;
    private readonly Option<double> _minBodyRate;
    private readonly Option<int> _minBodyRateGraceMs;
    private readonly Option<long> _maxBodyBytes;
    private readonly Option<int> _maxJsonDepth;

    private HttpLimitFlags(int maxConnections, int maxHeaderBytes, int maxHeaderCount, TimeSpan headersTimeout, double minBodyRate, TimeSpan grace, long maxBodyBytes, int maxJsonDepth, string connectionRefusal)
    {
        _maxConnections = new Option<int>("--max-connections") { Description = $"Most HTTP connections open at once; past it a new connection is {connectionRefusal}.", DefaultValueFactory = _ => maxConnections };
        _maxHeaderBytes = new Option<int>("--max-header-bytes") { Description = "Largest total size of a request's headers; larger ones get 431.", DefaultValueFactory = _ => maxHeaderBytes };
        _maxHeaderCount = new Option<int>("--max-header-count") { Description = "Most headers one request may carry; more get 431.", DefaultValueFactory = _ => maxHeaderCount };
        _headersTimeoutMs = new Option<int>("--headers-timeout-ms") { Description = "Time a client may take to send a request's headers; slower ones get 408 and are closed.", DefaultValueFactory = _ => (int)headersTimeout.TotalMilliseconds };
        _minBodyRate = new Option<double>("--min-body-rate") { Description = "Slowest a request body may arrive, in bytes per second after the grace period; slower clients get 408 and are closed (0: no minimum).", DefaultValueFactory = _ => minBodyRate };
        _minBodyRateGraceMs = new Option<int>("--min-body-rate-grace-ms") { Description = "Time a request body may arrive slower than --min-body-rate before the rate counts (more than 1000).", DefaultValueFactory = _ => (int)grace.TotalMilliseconds };
        _maxBodyBytes = new Option<long>("--max-body-bytes") { Description = "Largest request body; larger ones get 413.", DefaultValueFactory = _ => maxBodyBytes };
        _maxJsonDepth = new Option<int>("--max-json-depth") { Description = "Deepest a request body's JSON may nest; deeper ones get 400.", DefaultValueFactory = _ => maxJsonDepth };
    }

    /// <summary>The flags with the query frontend's defaults.</summary>
    public static HttpLimitFlags ForQueryFrontend()
    {
        var defaults = new QueryFrontendOptions();
        return new HttpLimitFlags(defaults.MaxConcurrentConnections, defaults.MaxRequestHeadersBytes, defaults.MaxRequestHeaderCount, defaults.RequestHeadersTimeout,
            defaults.MinRequestBodyBytesPerSecond, defaults.MinRequestBodyRateGracePeriod, defaults.MaxRequestBodyBytes, defaults.MaxJsonDepth, "answered 503 and closed");
    }

    /// <summary>The flags with the management frontend's defaults.</summary>
    public static HttpLimitFlags ForManagementFrontend()
    {
        var defaults = new ManagementFrontendOptions();
        return new HttpLimitFlags(defaults.MaxConcurrentConnections, defaults.MaxRequestHeadersBytes, defaults.MaxRequestHeaderCount, defaults.RequestHeadersTimeout,
            defaults.MinRequestBodyBytesPerSecond, defaults.MinRequestBodyRateGracePeriod, defaults.MaxRequestBodyBytes, defaults.MaxJsonDepth, "closed");
    }

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_maxConnections);
        command.Options.Add(_maxHeaderBytes);
        command.Options.Add(_maxHeaderCount);
        command.Options.Add(_headersTimeoutMs);
        command.Options.Add(_minBodyRate);
        command.Options.Add(_minBodyRateGraceMs);
        command.Options.Add(_maxBodyBytes);
        command.Options.Add(_maxJsonDepth);
    }

    /// <summary>Sets the query frontend's limits from the flags.</summary>
    public void ApplyTo(ParseResult result, QueryFrontendOptions options)
    {
        options.MaxConcurrentConnections = result.GetValue(_maxConnections);
        options.MaxRequestHeadersBytes = result.GetValue(_maxHeaderBytes);
        options.MaxRequestHeaderCount = result.GetValue(_maxHeaderCount);
        options.RequestHeadersTimeout = TimeSpan.FromMilliseconds(result.GetValue(_headersTimeoutMs));
        options.MinRequestBodyBytesPerSecond = result.GetValue(_minBodyRate);
        options.MinRequestBodyRateGracePeriod = TimeSpan.FromMilliseconds(result.GetValue(_minBodyRateGraceMs));
        options.MaxRequestBodyBytes = result.GetValue(_maxBodyBytes);
        options.MaxJsonDepth = result.GetValue(_maxJsonDepth);
    }

    /// <summary>Sets the management frontend's limits from the flags.</summary>
    public void ApplyTo(ParseResult result, ManagementFrontendOptions options)
    {
        options.MaxConcurrentConnections = result.GetValue(_maxConnections);
        options.MaxRequestHeadersBytes = result.GetValue(_maxHeaderBytes);
        options.MaxRequestHeaderCount = result.GetValue(_maxHeaderCount);
        options.RequestHeadersTimeout = TimeSpan.FromMilliseconds(result.GetValue(_headersTimeoutMs));
        options.MinRequestBodyBytesPerSecond = result.GetValue(_minBodyRate);
        options.MinRequestBodyRateGracePeriod = TimeSpan.FromMilliseconds(result.GetValue(_minBodyRateGraceMs));
        options.MaxRequestBodyBytes = result.GetValue(_maxBodyBytes);
        options.MaxJsonDepth = result.GetValue(_maxJsonDepth);
    }

    /// <summary>Runs an options check and, when it fails on an option one of these flags sets, names the flag too.</summary>
    /// <param name="validate">The options' <c>Validate</c>.</param>
    /// <param name="extra">Flags of the command beside these, by option name.</param>
    /// <exception cref="ArgumentException">An option is out of range; the message starts with its flag.</exception>
    public static void Validate(Action validate, IReadOnlyDictionary<string, string>? extra = null)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex) when (ex.ParamName is { } name && (FlagOf(name) ?? extra?.GetValueOrDefault(name)) is { } flag)
        {
            // The message names the option; the user typed the flag. ArgumentException appends the parameter, said already.
            var message = ex.Message;
            var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            throw new ArgumentException($"{flag}: {(parameter > 0 ? message[..parameter] : message)}", ex);
        }
    }

    private static string? FlagOf(string optionName) => optionName switch
    {
        "MaxConcurrentConnections" => "--max-connections",
        "MaxRequestHeadersBytes" => "--max-header-bytes",
        "MaxRequestHeaderCount" => "--max-header-count",
        "RequestHeadersTimeout" => "--headers-timeout-ms",
        "MinRequestBodyBytesPerSecond" => "--min-body-rate",
        "MinRequestBodyRateGracePeriod" => "--min-body-rate-grace-ms",
        "MaxRequestBodyBytes" => "--max-body-bytes",
        "MaxJsonDepth" => "--max-json-depth",
        _ => null,
    };
}
