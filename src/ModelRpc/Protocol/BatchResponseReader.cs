using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Frontend side: reads a BatchResponse body, <c>[batch_id, [result, ...]]</c>, one result at a
/// time, handing out each result's UTF-8 bytes as a slice of the body. Allocates nothing unless
/// the body is malformed.
/// </summary>
public ref struct BatchResponseReader
{
    private MessagePackReader _reader;
    private int _index;

    private BatchResponseReader(MessagePackReader reader, ulong batchId, int count)
    {
        _reader = reader;
        BatchId = batchId;
        Count = count;
        _index = 0;
    }

    /// <summary>The batch id the response answers.</summary>
    public readonly ulong BatchId { get; }

    /// <summary>How many results the response holds.</summary>
    public readonly int Count { get; }

    /// <summary>Reads the response header: the batch id and the number of results.</summary>
    /// <param name="body">The frame body; it must stay valid while the reader is used.</param>
    /// <param name="reader">The reader, positioned at the first result.</param>
    /// <param name="error">What was wrong, when the header is malformed.</param>
    /// <returns><see langword="true"/> when the header was read.</returns>
    public static bool TryCreate(ReadOnlySequence<byte> body, out BatchResponseReader reader, [NotNullWhen(false)] out string? error)
    {
        var msgpack = new MessagePackReader(body);
        try
        {
            if (MessagePackFields.TryReadArrayHeader(ref msgpack, "BatchResponse", 2, out error)
                && MessagePackFields.TryReadUInt64(ref msgpack, "BatchResponse.batch_id", out ulong batchId, out error)
                && MessagePackFields.TryReadArrayHeader(ref msgpack, "BatchResponse.results", out int count, out error))
            {
                reader = new BatchResponseReader(msgpack, batchId, count);
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
            if (_index == Count && !MessagePackFields.TryReadEnd(ref _reader, "BatchResponse", out error))
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

    private readonly string ResultField() =>
        string.Create(CultureInfo.InvariantCulture, $"BatchResponse result {_index} of {Count}");
}
