using Clipper.Configuration.Validation;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>Checks a container's hello before it is accepted.</summary>
internal static class HelloValidator
{
    /// <summary>Returns why the hello is refused, or null when it is acceptable.</summary>
    public static string? Validate(HelloMessage hello)
    {
        if (hello.ProtocolVersion != ProtocolConstants.Version)
        {
            return $"protocol version {hello.ProtocolVersion} is not supported; this frontend speaks version {ProtocolConstants.Version}";
        }

        if (!DnsLabel.IsValid(hello.ModelName))
        {
            return $"model name '{hello.ModelName}' is not a DNS-1123 label (expected [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters)";
        }

        if (!DnsLabel.IsValid(hello.ModelVersion))
        {
            return $"model version '{hello.ModelVersion}' is not a DNS-1123 label (expected [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters)";
        }

        return InputTypes.IsDefined(hello.InputType) ? null : $"input type {(int)hello.InputType} is unknown; expected one of {InputTypes.AcceptedNames}";
    }
}
