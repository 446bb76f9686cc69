using System.Collections;
using System.Globalization;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;

namespace Clipper.ModelRpc.Serving;

public sealed partial class ModelContainerOptions
{
    /// <summary>
    /// Reads the variables Clipper gives model containers: <c>CLIPPER_MODEL_NAME</c> and
    /// <c>CLIPPER_MODEL_VERSION</c> (required), <c>CLIPPER_IP</c> (default <c>localhost</c>),
    /// <c>CLIPPER_PORT</c> (default 7000) and <c>CLIPPER_INPUT_TYPE</c> (default <c>doubles</c>;
    /// Clipper's aliases accepted), <c>CLIPPER_READY_FILE</c> (default none) and
    /// <c>CLIPPER_CONCURRENCY</c> (default 1) and <c>CLIPPER_JOIN_TOKEN</c> (default none), <c>CLIPPER_TLS_CA</c> (default none;
    /// set, it turns TLS on), <c>CLIPPER_TLS_SERVER_NAME</c> (default the host connected to) and <c>CLIPPER_CONTAINER_ID</c>
    /// (default the host name and process id). Other settings keep their defaults.
    /// </summary>
    /// <param name="environment">The variables; default the process environment.</param>
    /// <returns>The options, not yet validated as a whole.</returns>
    /// <exception cref="InvalidOperationException">A variable is missing or invalid; the message names it, its value and what was expected.</exception>
    public static ModelContainerOptions FromEnvironment(IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        var options = new ModelContainerOptions
        {
            ModelName = RequiredLabel(environment, ClipperEnvironment.ModelName),
            ModelVersion = RequiredLabel(environment, ClipperEnvironment.ModelVersion),
        };

        if (TryGet(environment, ClipperEnvironment.FrontendHost, out string? host))
        {
            options.FrontendHost = string.IsNullOrWhiteSpace(host)
                ? throw ServingErrors.InvalidVariable(ClipperEnvironment.FrontendHost, host, "a host name or IP address")
                : host.Trim();
        }

        if (TryGet(environment, ClipperEnvironment.FrontendPort, out string? port))
        {
            options.FrontendPort = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= 65535
                ? value
                : throw ServingErrors.InvalidVariable(ClipperEnvironment.FrontendPort, port, "a TCP port from 1 to 65535");
        }

        if (TryGet(environment, ClipperEnvironment.InputType, out string? inputType))
        {
            options.InputType = InputTypes.TryParse(inputType, out InputType parsed)
                ? parsed
                : throw ServingErrors.InvalidVariable(ClipperEnvironment.InputType, inputType, "one of " + InputTypes.AcceptedNames);
        }

        if (TryGet(environment, ClipperEnvironment.Concurrency, out string? concurrency))
        {
            options.Concurrency = int.TryParse(concurrency, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= MaxConcurrency
                ? value
                : throw ServingErrors.InvalidVariable(ClipperEnvironment.Concurrency, concurrency, "an integer from 1 to " + MaxConcurrency.ToString(CultureInfo.InvariantCulture));
        }

        if (TryGet(environment, ClipperEnvironment.ReadyFile, out string? readyFile))
        {
            options.ReadyFilePath = string.IsNullOrWhiteSpace(readyFile)
                ? throw ServingErrors.InvalidVariable(ClipperEnvironment.ReadyFile, readyFile, "a file path")
                : readyFile.Trim();
        }

        if (TryGet(environment, ClipperEnvironment.ContainerId, out string? containerId))
        {
            var trimmed = containerId.Trim();
            var bytes = System.Text.Encoding.UTF8.GetByteCount(trimmed);
            options.ContainerId = bytes is >= 1 and <= ProtocolConstants.MaxContainerIdBytes
                ? trimmed
                : throw ServingErrors.InvalidVariable(ClipperEnvironment.ContainerId, containerId, string.Create(CultureInfo.InvariantCulture, $"a container id of 1 to {ProtocolConstants.MaxContainerIdBytes} UTF-8 bytes"));
        }

        if (TryGet(environment, ClipperEnvironment.JoinToken, out string? joinToken) && joinToken.Length > 0)
        {
            try
            {
                options.JoinToken = ClusterToken.Parse(joinToken, ClipperEnvironment.JoinToken);
            }
            catch (ArgumentException ex)
            {
                // The message describes the token's shape, never the token.
                throw new InvalidOperationException(ex.Message, ex);
            }
        }

        ReadTls(environment, options);
        return options;
    }

    private static void ReadTls(IDictionary environment, ModelContainerOptions options)
    {
        if (TryGet(environment, ClipperEnvironment.TlsCa, out string? ca) && ca.Trim().Length > 0)
        {
            options.UseTls = true;
            options.TlsCaPath = File.Exists(ca.Trim())
                ? ca.Trim()
                : throw ServingErrors.InvalidVariable(ClipperEnvironment.TlsCa, ca, "the path of a PEM file of CA certificates; no such file exists");
        }

        if (TryGet(environment, ClipperEnvironment.TlsServerName, out string? serverName) && serverName.Length > 0)
        {
            options.TlsServerName = !options.UseTls
                ? throw ServingErrors.InvalidVariable(ClipperEnvironment.TlsServerName, serverName, $"to be set only with {ClipperEnvironment.TlsCa}, which turns TLS on")
                : Uri.CheckHostName(serverName.Trim()) != UriHostNameType.Unknown
                    ? serverName.Trim()
                    : throw ServingErrors.InvalidVariable(ClipperEnvironment.TlsServerName, serverName, "a host name or IP address");
        }
    }

    private static string RequiredLabel(IDictionary environment, string name)
    {
        if (!TryGet(environment, name, out string? value))
        {
            throw ServingErrors.MissingVariable(name, ModelNames.Rule);
        }

        return ModelNames.IsValid(value) ? value : throw ServingErrors.InvalidVariable(name, value, ModelNames.Rule);
    }

    private static bool TryGet(IDictionary environment, string name, out string value)
    {
        value = environment[name]?.ToString() ?? "";
        return environment.Contains(name);
    }
}
