using System.Globalization;
using System.Text;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

public sealed partial class ModelContainerOptions
{
    /// <summary>The smallest accepted <see cref="MaxFrameBytes"/>: a Welcome or Goodbye must always fit.</summary>
    public const int MinMaxFrameBytes = 1024;

    /// <summary>The largest accepted <see cref="Concurrency"/>.</summary>
    public const int MaxConcurrency = 1024;

    /// <summary>Checks every setting, so that mistakes surface at start-up rather than on the first batch.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names it, its value and what was expected.</exception>
    public void Validate()
    {
        Require(ModelNames.IsValid(ModelName), nameof(ModelName), Quote(ModelName), ModelNames.Rule);
        Require(ModelNames.IsValid(ModelVersion), nameof(ModelVersion), Quote(ModelVersion), ModelNames.Rule);
        Require(InputTypes.IsDefined(InputType), nameof(InputType), InputType.ToString(), "one of " + InputTypes.AcceptedNames);
        Require(!string.IsNullOrWhiteSpace(FrontendHost), nameof(FrontendHost), Quote(FrontendHost), "a host name or IP address");
        Require(FrontendPort is >= 1 and <= 65535, nameof(FrontendPort), Number(FrontendPort), "a TCP port from 1 to 65535");
        int idBytes = ContainerId is null ? 0 : Encoding.UTF8.GetByteCount(ContainerId);
        Require(
            idBytes is >= 1 and <= ProtocolConstants.MaxContainerIdBytes,
            nameof(ContainerId),
            Quote(ContainerId),
            string.Create(CultureInfo.InvariantCulture, $"1 to {ProtocolConstants.MaxContainerIdBytes} UTF-8 bytes"));
        Require(Concurrency is >= 1 and <= MaxConcurrency, nameof(Concurrency), Number(Concurrency), "from 1 to " + Number(MaxConcurrency));
        Require(MaxFrameBytes >= MinMaxFrameBytes, nameof(MaxFrameBytes), Number(MaxFrameBytes), "at least " + Number(MinMaxFrameBytes) + " bytes");
        RequirePositive(ReconnectInitialDelay, nameof(ReconnectInitialDelay));
        Require(ReconnectMaxDelay >= ReconnectInitialDelay, nameof(ReconnectMaxDelay), ReconnectMaxDelay.ToString(), "at least ReconnectInitialDelay (" + ReconnectInitialDelay + ")");
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(DrainTimeout, nameof(DrainTimeout));
        Require(
            HeartbeatInterval >= TimeSpan.FromMilliseconds(1) && HeartbeatInterval.TotalMilliseconds <= int.MaxValue,
            nameof(HeartbeatInterval),
            HeartbeatInterval.ToString(),
            "from 1 ms to " + Number(int.MaxValue) + " ms");
        Require(ReadyFilePath is null || !string.IsNullOrWhiteSpace(ReadyFilePath), nameof(ReadyFilePath), Quote(ReadyFilePath), "null (no file) or a file path");
        Require(TimeProvider is not null, nameof(TimeProvider), "null", "a TimeProvider");
        Require(LoggerFactory is not null, nameof(LoggerFactory), "null", "an ILoggerFactory (NullLoggerFactory.Instance for none)");
        Require(Random is not null, nameof(Random), "null", "a Random");
        ValidateTls();
    }

    private static void RequirePositive(TimeSpan value, string name) =>
        Require(value > TimeSpan.Zero, name, value.ToString(), "a positive duration");

    private static void Require(bool valid, string name, string received, string expected)
    {
        if (!valid)
        {
            throw ServingErrors.InvalidOption(name, received, expected);
        }
    }

    private static string Quote(string? value) => value is null ? "null" : "\"" + value + "\"";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
