using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Frontend side: reads a BatchResponse body, <c>[batch_id, [result, ...]]</c> (version 2) or
/// <c>[batch_id, [result, ...], model_time_us]</c> (version 3), one result at a time, handing out each result's UTF-8 bytes as a slice of the body. Allocates nothing unless
/// the body is malformed.
/// </summary>
public ref struct BatchResponseReader
{
    private MessagePackReader _reader;
    private int _index;
    private readonly bool _hasModelTime;

    private BatchResponseReader(MessagePackReader reader, ulong batchId, int count, bool hasModelTime)
    {
        _reader = reader;
        BatchId = batchId;
        Count = count;
        _index = 0;
        _hasModelTime = hasModelTime;
        ModelTimeMicroseconds = 0;
    }

    /// <summary>
    /// Version 3: the microseconds the container's predict function took for the batch, valid once the last result
    /// has been read (at once for an empty response); 0 in version 2.
    /// </summary>
    public ulong ModelTimeMicroseconds { get; private set; }

    /// <summary>The batch id the response answers.</summary>
    public readonly ulong BatchId { get; }

    /// <summary>How many results the response holds.</summary>
    public readonly int Count { get; }

    /// <summary>Reads the response header: the batch id and the number of results.</summary>
    /// <param name="body">The frame body; it must stay valid while the reader is used.</param>
    /// <param name="reader">The reader, positioned at the first result.</param>
    /// <param name="error">What was wrong, when the header is malformed.</param>
    /// <returns><see langword="true"/> when the header was read.</returns>
    public static bool TryCreate(ReadOnlySequence<byte> body, out BatchResponseReader reader, [NotNullWhen(false)] out string? error) =>
        TryCreate(body, ProtocolConstants.MinimumVersion, out reader, out error);

    /// <summary>Reads the response header in the shape of <paramref name="protocolVersion"/>: the batch id and the number of results.</summary>
    /// <param name="body">The frame body; it must stay valid while the reader is used.</param>
    /// <param name="protocolVersion">The connection's protocol version (2 or 3).</param>
    /// <param name="reader">The reader, positioned at the first result.</param>
    /// <param name="error">What was wrong, when the header is malformed.</param>
    /// <returns><see langword="true"/> when the header was read.</returns>
    public static bool TryCreate(ReadOnlySequence<byte> body, int protocolVersion, out BatchResponseReader reader, [NotNullWhen(false)] out string? error)
    {
        var msgpack = new MessagePackReader(body);
        bool hasModelTime = protocolVersion >= ProtocolConstants.TracingVersion;
        try
        {
            if (MessagePackFields.TryReadArrayHeader(ref msgpack, "BatchResponse", hasModelTime ? 3 : 2, out error)
                && MessagePackFields.TryReadUInt64(ref msgpack, "BatchResponse.batch_id", out ulong batchId, out error)
                && MessagePackFields.TryReadArrayHeader(ref msgpack, "BatchResponse.results", out int count, out error))
            {
                reader = new BatchResponseReader(msgpack, batchId, count, hasModelTime);
                if (count == 0 && !reader.TryReadTail(out error))
                {
                    reader = default;
                    return false;
                }

                return true;
            }
        }
        catch (Exception ex) when (MessagePackFields.IsMalformed(ex))
        {
            error = ProtocolErrors.NotWellFormed("BatchResponse", ex);
        }

        reader = default;
        return false;
    }

    /// <summary>
    /// Reads the next result. Returns <see langword="false"/> with a <see langword="null"/>
    /// <paramref name="error"/> after the last result, or with an error when the body is malformed
    /// (including bytes after the last result).
    /// </summary>
    /// <param name="isError">Whether the result is an error message rather than an output.</param>
    /// <param name="utf8">The output or error message as UTF-8, a slice of the body.</param>
    /// <param name="error">What was wrong, when the body is malformed.</param>
    /// <returns><see langword="true"/> when a result was read.</returns>
    public bool TryReadNext(out bool isError, out ReadOnlySequence<byte> utf8, out string? error)
    {
        isError = false;
        utf8 = default;
        if (_index >= Count)
        {
            error = null;
            return false;
        }

        try
        {
            if (!_reader.End && _reader.NextMessagePackType == MessagePackType.Array)
            {
                if (!MessagePackFields.TryReadArrayHeader(ref _reader, ResultField(), 1, out error))
                {
                    return false;
                }

                isError = true;
            }

            if (_reader.End || _reader.NextMessagePackType != MessagePackType.String)
            {
                error = ProtocolErrors.WrongType(ResultField(), isError ? "a str in the error array" : "a str or [str]", ref _reader);
                return false;
            }

            utf8 = _reader.ReadStringSequence()!.Value;
            _index++;
            if (_index == Count && !TryReadTail(out error))
            {
                return false;
            }

            error = null;
            return true;
        }
        catch (Exception ex) when (MessagePackFields.IsMalformed(ex))
        {
            error = ProtocolErrors.NotWellFormed("BatchResponse", ex);
            return false;
        }
    }

    /// <summary>After the last result: the model time (version 3), then the end of the body.</summary>
    private bool TryReadTail([NotNullWhen(false)] out string? error)
    {
        if (_hasModelTime)
        {
            if (!MessagePackFields.TryReadUInt64(ref _reader, "BatchResponse.model_time_us", out ulong modelTime, out error))
            {
                return false;
            }

            ModelTimeMicroseconds = modelTime;
        }

        return MessagePackFields.TryReadEnd(ref _reader, "BatchResponse", out error);
    }

    private readonly string ResultField() =>
        string.Create(CultureInfo.InvariantCulture, $"BatchResponse result {_index} of {Count}");
}
