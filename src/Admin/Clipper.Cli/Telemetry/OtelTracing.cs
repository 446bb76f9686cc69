using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Clipper.Cli.Telemetry;

/// <summary>
/// OpenTelemetry tracing for the processes the CLI runs, off unless the standard variables turn the OTLP exporter on
/// (see docs/tracing.md): then a tracer provider listens to the process's sources and exports over OTLP. The SDK
/// itself reads the rest (<c>OTEL_EXPORTER_OTLP_*</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>,
/// <c>OTEL_TRACES_SAMPLER</c>, <c>OTEL_TRACES_SAMPLER_ARG</c>, <c>OTEL_BSP_*</c>). Off, nothing listens: the
/// instrumented code's spans are never created.
/// </summary>
internal static class OtelTracing
{
    /// <summary>Selects the trace exporter: <c>otlp</c> or <c>none</c>.</summary>
    public const string ExporterVariable = "OTEL_TRACES_EXPORTER";

    /// <summary>Where OTLP goes, for every signal; setting it turns tracing on.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Where OTLP traces go; setting it turns tracing on.</summary>
    public const string TracesEndpointVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    /// <summary>The specification's switch for the whole SDK.</summary>
    public const string DisabledVariable = "OTEL_SDK_DISABLED";

    /// <summary>
    /// Whether the variables ask for traces: <see cref="ExporterVariable"/> <c>otlp</c>, or, when it is unset, an OTLP
    /// endpoint; never with <c>OTEL_SDK_DISABLED=true</c> or <see cref="ExporterVariable"/> <c>none</c>.
    /// </summary>
    /// <param name="variable">Reads a variable (the environment's, or a test's).</param>
    /// <exception cref="ArgumentException"><see cref="ExporterVariable"/> names an exporter other than otlp or none.</exception>
    public static bool IsEnabled(Func<string, string?> variable)
    {
        if (string.Equals(variable(DisabledVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (variable(ExporterVariable) is { Length: > 0 } exporters)
        {
            var otlp = false;
            foreach (var name in exporters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(name, "otlp", StringComparison.OrdinalIgnoreCase))
                {
                    otlp = true;
                }
                else if (!string.Equals(name, "none", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"{ExporterVariable} '{exporters}' names the exporter '{name}', which Clipper does not have; expected otlp or none.");
                }
            }

            return otlp;
        }

        return variable(EndpointVariable) is { Length: > 0 } || variable(TracesEndpointVariable) is { Length: > 0 };
    }

    /// <summary>
    /// Starts tracing for this process when the environment asks for it: listens to <paramref name="sources"/> (and to
    /// ASP.NET Core's server spans with <paramref name="aspNetCore"/>), exports over OTLP. Dispose the result at exit
    /// to export the last spans.
    /// </summary>
    /// <param name="serviceName">The service name unless <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c> gives one.</param>
    /// <param name="aspNetCore">Whether the process serves HTTP with ASP.NET Core (a W3C traceparent then continues into its spans).</param>
    /// <param name="sources">The activity sources to listen to.</param>
    /// <returns>The tracer provider, or null when tracing is off.</returns>
    public static TracerProvider? Start(string serviceName, bool aspNetCore, params string[] sources)
    {
        if (!IsEnabled(Environment.GetEnvironmentVariable))
        {
            return null;
        }

        var builder = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource =>
            {
                if (!NamesService(Environment.GetEnvironmentVariable))
                {
                    resource.AddService(serviceName);
                }
            })
            .AddSource(sources);
        if (aspNetCore)
        {
            builder.AddAspNetCoreInstrumentation();
        }

        return builder.AddOtlpExporter().Build();
    }

    /// <summary>Whether the variables name the service themselves, which then wins over the process's default name.</summary>
    internal static bool NamesService(Func<string, string?> variable) =>
        variable("OTEL_SERVICE_NAME") is { Length: > 0 }
        || (variable("OTEL_RESOURCE_ATTRIBUTES") is { } attributes && attributes.Contains("service.name=", StringComparison.Ordinal));
}
