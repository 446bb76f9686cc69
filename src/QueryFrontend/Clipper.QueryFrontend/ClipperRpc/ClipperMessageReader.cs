using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// Reads the messages a Clipper container sends, one ZMTP message frame at a time (commands are the caller's), and
/// checks each frame against the message it belongs to: the empty delimiter, the type, then the type's frames with
/// the MORE flag exactly where the reference puts it. Holds no frame after it returns: an answer's outputs go to the
/// sink one by one, and only its output sizes are kept (in an array reused across answers).
/// </summary>
internal sealed class ClipperMessageReader
{
    private Expect _expect = Expect.Delimiter;
    private string _modelName = "";
    private string _modelVersion = "";
    private string _inputType = "";
    private uint _messageId;
    private ulong _headerBytes;
    private ulong[] _sizes;
    private int _count;
    private int _index;

    /// <param name="expectedOutputs">The usual largest answer (the batch capacity): answers up to it reuse one array.</param>
    public ClipperMessageReader(int expectedOutputs)
    {
        _sizes = new ulong[Math.Max(1, expectedOutputs)];
    }

    private enum Expect
    {
        Delimiter,
        Type,
        ModelName,
        ModelVersion,
        InputType,
        RpcVersion,
        MessageId,
        HeaderSize,
        Header,
        Output,
    }

    /// <summary>Whether the reader is between messages (a connection that ends here lost no part of a message).</summary>
    public bool AtMessageBoundary => _expect == Expect.Delimiter;

    /// <summary>Reads one message frame; returns a protocol error, or null.</summary>
    public string? Read(in ZmtpFrame frame, IClipperMessageSink sink)
    {
        var body = frame.Body;
        var more = frame.More;
        switch (_expect)
        {
            case Expect.Delimiter:
                if (body.Length != 0 || !more)
                {
                    return body.Length != 0
                        ? $"a Clipper message starts with an empty delimiter frame; got a frame of {body.Length} bytes"
                        : "a lone empty frame; a Clipper message continues after its empty delimiter";
                }

                _expect = Expect.Type;
                return null;
            case Expect.Type:
                return ReadType(body, more, sink);
            case Expect.ModelName:
                return ReadText(body, more, "model name", ref _modelName, Expect.ModelVersion, mustContinue: true);
            case Expect.ModelVersion:
                return ReadText(body, more, "model version", ref _modelVersion, Expect.InputType, mustContinue: true);
            case Expect.InputType:
                var error = ReadText(body, more, "input type", ref _inputType, Expect.RpcVersion, mustContinue: false);
                if (error is not null || more)
                {
                    return error;
                }

                // Clipper before 0.4 sent no RPC version: the sink refuses such a container with that reason.
                return EndMetadata(null, sink);
            case Expect.RpcVersion:
                if (body.Length != sizeof(uint) || more)
                {
                    return more
                        ? "frames after the RPC version of a metadata message; it ends with the version"
                        : $"the RPC version frame of a metadata message holds {body.Length} bytes; expected a little-endian u32";
                }

                return EndMetadata(ReadUInt32(body), sink);
            case Expect.MessageId:
                if (body.Length == sizeof(uint))
                {
                    _messageId = ReadUInt32(body);
                }

                if (body.Length != sizeof(uint) || !more)
                {
                    return Describe("message id", body.Length, sizeof(uint), more);
                }

                _expect = Expect.HeaderSize;
                return null;
            case Expect.HeaderSize:
                if (body.Length != sizeof(ulong) || !more)
                {
                    return Describe("output header size", body.Length, sizeof(ulong), more);
                }

                _headerBytes = ReadUInt64(body);
                _expect = Expect.Header;
                return null;
            case Expect.Header:
                return ReadHeader(body, more, sink);
            default:
                return ReadOutput(body, more, sink);
        }
    }

    private string? ReadType(in ReadOnlySequence<byte> body, bool more, IClipperMessageSink sink)
    {
        if (body.Length != sizeof(uint))
        {
            return $"a Clipper message type frame holds {body.Length} bytes; expected a little-endian u32";
        }

        var type = ReadUInt32(body);
        switch (type)
        {
            case ClipperProtocol.Heartbeat when more:
                return "frames after a heartbeat's type; a container's heartbeat is exactly [\"\", u32 2]";
            case ClipperProtocol.Heartbeat:
                _expect = Expect.Delimiter;
                return sink.OnHeartbeat();
            case ClipperProtocol.NewContainer or ClipperProtocol.ContainerContent when !more:
                return $"a message of type {type} that ends after its type";
            case ClipperProtocol.NewContainer:
                _expect = Expect.ModelName;
                return null;
            case ClipperProtocol.ContainerContent:
                _expect = Expect.MessageId;
                return null;
            default:
                return string.Create(CultureInfo.InvariantCulture, $"unknown message type {type}; expected 0 (new container), 1 (container content) or 2 (heartbeat)");
        }
    }

    private string? ReadText(in ReadOnlySequence<byte> body, bool more, string field, ref string value, Expect next, bool mustContinue)
    {
        if (mustContinue && !more)
        {
            return $"a metadata message that ends at its {field}; expected model name, model version, input type and RPC version";
        }

        if (body.Length > ClipperProtocol.MaxMetadataFrameBytes)
        {
            return $"the {field} of a metadata message is {body.Length} bytes; at most {ClipperProtocol.MaxMetadataFrameBytes} are accepted";
        }

        try
        {
            value = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return $"the {field} of a metadata message is not valid UTF-8";
        }

        _expect = next;
        return null;
    }

    private string? EndMetadata(uint? rpcVersion, IClipperMessageSink sink)
    {
        _expect = Expect.Delimiter;
        return sink.OnMetadata(new ClipperContainerMetadata(_modelName, _modelVersion, _inputType, rpcVersion));
    }

    private string? ReadHeader(in ReadOnlySequence<byte> body, bool more, IClipperMessageSink sink)
    {
        if ((ulong)body.Length != _headerBytes)
        {
            return $"the output header of answer {_messageId} is {body.Length} bytes; the frame before it said {_headerBytes}";
        }

        if (body.Length < sizeof(ulong) || body.Length % sizeof(ulong) != 0)
        {
            return $"the output header of answer {_messageId} is {body.Length} bytes; expected u64 N then N u64 sizes";
        }

        var reader = new SequenceReader<byte>(body);
        reader.TryReadLittleEndian(out long countValue);
        var count = unchecked((ulong)countValue);
        if (count != (ulong)(body.Length / sizeof(ulong)) - 1)
        {
            return $"the output header of answer {_messageId} counts {count} outputs but holds {body.Length / sizeof(ulong) - 1} sizes";
        }

        _count = (int)count;
        if (_count > _sizes.Length)
        {
            // Only an answer with more outputs than any batch holds gets here: it is answered by default anyway.
            _sizes = new ulong[_count];
        }

        for (var i = 0; i < _count; i++)
        {
            reader.TryReadLittleEndian(out long size);
            _sizes[i] = unchecked((ulong)size);
        }

        if (more != (_count > 0))
        {
            return _count > 0
                ? $"answer {_messageId} ends at its output header; it announced {_count} outputs"
                : $"frames after the output header of answer {_messageId}, which announced no output";
        }

        _index = 0;
        var error = sink.OnAnswerStart(_messageId, _count);
        if (error is not null || _count > 0)
        {
            _expect = Expect.Output;
            return error;
        }

        _expect = Expect.Delimiter;
        return sink.OnAnswerEnd();
    }

    private string? ReadOutput(in ReadOnlySequence<byte> body, bool more, IClipperMessageSink sink)
    {
        if ((ulong)body.Length != _sizes[_index])
        {
            return $"output {_index} of answer {_messageId} is {body.Length} bytes; its output header said {_sizes[_index]}";
        }

        var last = _index == _count - 1;
        if (more == last)
        {
            return last
                ? $"frames after the last output ({_count}) of answer {_messageId}"
                : $"answer {_messageId} ends after output {_index}; it announced {_count} outputs";
        }

        sink.OnOutput(_index, body);
        _index++;
        if (!last)
        {
            return null;
        }

        _expect = Expect.Delimiter;
        return sink.OnAnswerEnd();
    }

    private string Describe(string field, long length, int expected, bool more) => !more
        ? $"answer {_messageId} ends at its {field}; an answer continues with its output header and outputs"
        : $"the {field} frame of an answer holds {length} bytes; expected {expected}";

    private static uint ReadUInt32(in ReadOnlySequence<byte> body)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        body.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    private static ulong ReadUInt64(in ReadOnlySequence<byte> body)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        body.CopyTo(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}
