using Clipper.ModelRpc.Security;

namespace Clipper.ModelRpc.Protocol;

/// <summary>The container's first frame: who it is and what it serves.</summary>
/// <param name="ProtocolVersion">The protocol version the container speaks: <see cref="ProtocolConstants.Version"/>, or 2 for a container of before tracing.</param>
/// <param name="ModelName">The model name, a DNS-1123 label (see <see cref="ModelNames"/>).</param>
/// <param name="ModelVersion">The model version, a DNS-1123 label.</param>
/// <param name="InputType">The type of every input the container accepts.</param>
/// <param name="ContainerId">An id unique per container process (host name and process id by default).</param>
/// <param name="JoinToken">
/// The cluster's join token (<c>CLIPPER_JOIN_TOKEN</c>), which a frontend with one requires; <see langword="null"/> when the
/// container has none. Sent as the optional sixth element; it prints as a placeholder.
/// </param>
public sealed record HelloMessage(int ProtocolVersion, string ModelName, string ModelVersion, InputType InputType, string ContainerId, ClusterToken? JoinToken = null)
{
    /// <summary>The model version the container serves.</summary>
    public ModelVersionId Model => new(ModelName, ModelVersion);
}
