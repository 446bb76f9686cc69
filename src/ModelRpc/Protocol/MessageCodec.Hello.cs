using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Clipper.ModelRpc.Security;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

public static partial class MessageCodec
{
    /// <summary>
    /// Writes a whole Hello frame: <c>[protocol_version, model_name, model_version, input_type, container_id]</c>, with
    /// <c>join_token</c> as a sixth element when the container has one.
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="message">The hello; the input type goes out by its canonical name.</param>
    public static void WriteHello(IBufferWriter<byte> output, HelloMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        string inputType = message.InputType.ToName();
        int fields = message.JoinToken is null ? 5 : 6;
        long bodyLength = MessagePackSize.OfArrayHeader(fields)
            + MessagePackSize.OfInt(message.ProtocolVersion)
            + MessagePackSize.OfString(message.ModelName)
            + MessagePackSize.OfString(message.ModelVersion)
            + MessagePackSize.OfString(inputType)
            + MessagePackSize.OfString(message.ContainerId)
            + (message.JoinToken is { } token ? MessagePackSize.OfString(token.Value) : 0);

        var writer = new MessagePackWriter(output);
        FrameWriter.WriteHeader(ref writer, MessageType.Hello, bodyLength);
        writer.WriteArrayHeader(fields);
        writer.Write(message.ProtocolVersion);
        writer.Write(message.ModelName);
        writer.Write(message.ModelVersion);
        writer.Write(inputType);
        writer.Write(message.ContainerId);
        if (message.JoinToken is { } joinToken)
        {
            writer.Write(joinToken.Value);
        }

        writer.Flush();
    }

    /// <summary>
    /// Reads a Hello body. Besides the shape it checks what a frontend must refuse: a
    /// protocol version other than 2 or 3 (the message carries the one received), names or versions that are not DNS-1123 labels, an unknown input type
    /// (Clipper's aliases are accepted), an empty or overlong container id.
    /// </summary>
    /// <param name="body">The frame body.</param>
    /// <param name="message">The hello, when valid.</param>
    /// <param name="error">The field that was wrong, what was received and what was expected.</param>
    /// <returns><see langword="true"/> when the body is a valid hello.</returns>
    public static bool TryReadHello(in ReadOnlySequence<byte> body, [NotNullWhen(true)] out HelloMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        var reader = new MessagePackReader(body);
        try
        {
            if (!TryReadVersionedArray(ref reader, "Hello", 5, 6, out int fields, out int protocolVersion, out error)
                || !TryReadLabel(ref reader, "Hello.model_name", out string? name, out error)
                || !TryReadLabel(ref reader, "Hello.model_version", out string? version, out error)
                || !MessagePackFields.TryReadString(ref reader, "Hello.input_type", out string? typeName, out error)
                || !TryReadBoundedString(ref reader, "Hello.container_id", ProtocolConstants.MaxContainerIdBytes, out string? containerId, out error))
            {
                return false;
            }

            ClusterToken? joinToken = null;
            if (fields == 6)
            {
                if (!TryReadBoundedString(ref reader, "Hello.join_token", ProtocolConstants.MaxJoinTokenBytes, out string? tokenText, out error))
                {
                    return false;
                }

                try
                {
                    joinToken = ClusterToken.Parse(tokenText, "Hello.join_token");
                }
                catch (ArgumentException ex)
                {
                    error = ProtocolErrors.OutOfRange("Hello.join_token", "the cluster's join token (printable ASCII, at least 16 characters)", ex.Message);
                    return false;
                }
            }

            if (!MessagePackFields.TryReadEnd(ref reader, "Hello", out error))
            {
                return false;
            }

            if (!InputTypes.TryParse(typeName, out InputType inputType))
            {
                error = ProtocolErrors.OutOfRange("Hello.input_type", "one of " + InputTypes.AcceptedNames, Quote(typeName));
                return false;
            }

            message = new HelloMessage(protocolVersion, name, version, inputType, containerId, joinToken);
            return true;
        }
        catch (Exception ex) when (MessagePackFields.IsMalformed(ex))
        {
            error = ProtocolErrors.NotWellFormed("Hello", ex);
            return false;
        }
    }

    private static bool TryReadLabel(ref MessagePackReader reader, string field, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        if (!MessagePackFields.TryReadString(ref reader, field, out value, out error))
        {
            return false;
        }

        if (!ModelNames.IsValid(value))
        {
            error = ProtocolErrors.OutOfRange(field, ModelNames.Rule, Quote(value));
            value = null;
            return false;
        }

        return true;
    }

    private static string Quote(string value) => "\"" + value + "\"";
}
