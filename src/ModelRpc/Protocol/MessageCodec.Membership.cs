using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

public static partial class MessageCodec
{
    /// <summary>Writes a whole Membership frame: <c>[max_frontends_per_replica, [[frontend_id, host, port], ...]]</c>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="message">The membership.</param>
    public static void WriteMembership(IBufferWriter<byte> output, MembershipMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        var frontends = message.Frontends;
        long bodyLength = MessagePackSize.OfArrayHeader(2)
            + MessagePackSize.OfInt(message.MaxFrontendsPerReplica)
            + MessagePackSize.OfArrayHeader(frontends.Count);
        for (int i = 0; i < frontends.Count; i++)
        {
            var frontend = frontends[i];
            bodyLength += MessagePackSize.OfArrayHeader(3)
                + MessagePackSize.OfString(frontend.Id)
                + MessagePackSize.OfString(frontend.Host)
                + MessagePackSize.OfInt(frontend.Port);
        }

        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.Membership, bodyLength);
        writer.WriteArrayHeader(2);
        writer.Write(message.MaxFrontendsPerReplica);
        writer.WriteArrayHeader(frontends.Count);
        for (int i = 0; i < frontends.Count; i++)
        {
            var frontend = frontends[i];
            writer.WriteArrayHeader(3);
            writer.Write(frontend.Id);
            writer.Write(frontend.Host);
            writer.Write(frontend.Port);
        }

        writer.Flush();
    }

    /// <summary>
    /// Reads a Membership body: a cap of at least 0 and 1 to 10,000 frontends, each with an id of 1 to
    /// 255 UTF-8 bytes (listed once), a host of 1 to 253 bytes and a port from 1 to 65535.
    /// </summary>
    /// <param name="body">The frame body.</param>
    /// <param name="message">The membership, when valid.</param>
    /// <param name="error">The field that was wrong, what was received and what was expected.</param>
    /// <returns><see langword="true"/> when the body is a valid membership.</returns>
    public static bool TryReadMembership(in ReadOnlySequence<byte> body, [NotNullWhen(true)] out MembershipMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        var reader = new MessagePackReader(body);
        try
        {
            if (!MessagePackFields.TryReadArrayHeader(ref reader, "Membership", 2, out error)
                || !MessagePackFields.TryReadInt32(ref reader, "Membership.max_frontends_per_replica", 0, out int cap, out error)
                || !MessagePackFields.TryReadArrayHeader(ref reader, "Membership.frontends", out int count, out error))
            {
                return false;
            }

            if (count is 0 or > ProtocolConstants.MaxMembershipFrontends)
            {
                error = ProtocolErrors.OutOfRange(
                    "Membership.frontends",
                    string.Create(CultureInfo.InvariantCulture, $"1 to {ProtocolConstants.MaxMembershipFrontends} frontends (the sender is one)"),
                    string.Create(CultureInfo.InvariantCulture, $"{count}"));
                return false;
            }

            var frontends = new FrontendAddress[count];
            var ids = new HashSet<string>(count, StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                if (!TryReadFrontend(ref reader, out FrontendAddress? frontend, out error))
                {
                    return false;
                }

                if (!ids.Add(frontend.Id))
                {
                    error = ProtocolErrors.OutOfRange("Membership.frontends.frontend_id", "each frontend listed once", "a second entry for " + Quote(frontend.Id));
                    return false;
                }

                frontends[i] = frontend;
            }

            if (!MessagePackFields.TryReadEnd(ref reader, "Membership", out error))
            {
                return false;
            }

            message = new MembershipMessage(cap, frontends);
            return true;
        }
        catch (Exception ex) when (MessagePackFields.IsMalformed(ex))
        {
            error = ProtocolErrors.NotWellFormed("Membership", ex);
            return false;
        }
    }

    private static bool TryReadFrontend(ref MessagePackReader reader, [NotNullWhen(true)] out FrontendAddress? frontend, [NotNullWhen(false)] out string? error)
    {
        frontend = null;
        if (!MessagePackFields.TryReadArrayHeader(ref reader, "Membership.frontends[]", 3, out error)
            || !TryReadBoundedString(ref reader, "Membership.frontends.frontend_id", ProtocolConstants.MaxFrontendIdBytes, out string? id, out error)
            || !TryReadBoundedString(ref reader, "Membership.frontends.host", ProtocolConstants.MaxHostBytes, out string? host, out error)
            || !MessagePackFields.TryReadInt32(ref reader, "Membership.frontends.port", 1, out int port, out error))
        {
            return false;
        }

        if (port > 65535)
        {
            error = ProtocolErrors.OutOfRange("Membership.frontends.port", "a TCP port from 1 to 65535", port.ToString(CultureInfo.InvariantCulture));
            return false;
        }

        frontend = new FrontendAddress(id, host, port);
        return true;
    }
}
