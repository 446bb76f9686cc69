namespace Clipper.Integration.Tests.Tracing;

/// <summary>
/// Just enough of the protobuf wire format to read OTLP's trace export: varints, length-delimited fields (messages,
/// bytes, strings) and skipped fixed-width fields. Field numbers come from opentelemetry-proto's trace, common and
/// resource messages (see <see cref="OtlpTraceDecoder"/>).
/// </summary>
internal ref struct ProtobufReader
{
    private ReadOnlySpan<byte> _data;

    public ProtobufReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public readonly bool End => _data.IsEmpty;

    /// <summary>Reads the next field's number and wire type.</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_data.IsEmpty)
            {
                throw new FormatException("the protobuf message ends inside a varint");
            }

            var b = _data[0];
            _data = _data[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("a protobuf varint longer than 10 bytes");
    }

    /// <summary>A length-delimited field's bytes: a message, bytes or a UTF-8 string.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = checked((int)ReadVarint());
        if (length > _data.Length)
        {
            throw new FormatException($"a protobuf field of {length} bytes, but only {_data.Length} remain");
        }

        var value = _data[..length];
        _data = _data[length..];
        return value;
    }

    /// <summary>Skips a field of <paramref name="wireType"/> that is not needed.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                _data = _data[8..];
                break;
            case 2:
                ReadLengthDelimited();
                break;
            case 5:
                _data = _data[4..];
                break;
            default:
                throw new FormatException($"protobuf wire type {wireType} is not one OTLP uses");
        }
    }
}
