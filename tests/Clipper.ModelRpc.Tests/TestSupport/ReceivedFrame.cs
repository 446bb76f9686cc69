using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>A frame copied out of the receive buffer.</summary>
public sealed record ReceivedFrame(MessageType Type, byte[] Body)
{
    public ReadOnlySequence<byte> Sequence => new(Body);
}
