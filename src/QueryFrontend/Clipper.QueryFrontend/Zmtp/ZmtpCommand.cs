using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Clipper.QueryFrontend.Zmtp;

/// <summary>
/// A ZMTP 3 command: a one-byte name length, the name, then data. Commands are rare (one READY per connection, PINGs
/// only from peers that set a heartbeat) and at most <see cref="ZmtpLimits.MaxCommandBytes"/> long, so they are copied.
/// </summary>
internal sealed class ZmtpCommand
{
    private ZmtpCommand(string name, byte[] data)
    {
        Name = name;
        Data = data;
    }

    /// <summary>The command name as sent (e.g. <c>READY</c>, <c>PING</c>).</summary>
    public string Name { get; }

    /// <summary>The bytes after the name.</summary>
    public byte[] Data { get; }

    /// <summary>Splits a command frame's body into name and data.</summary>
    public static bool TryParse(in ReadOnlySequence<byte> body, out ZmtpCommand? command, out string? error)
    {
        command = null;
        var bytes = body.ToArray();
        if (bytes.Length == 0)
        {
            error = "an empty ZMTP command frame; a command starts with its name's length";
            return false;
        }

        var nameLength = bytes[0];
        if (nameLength == 0 || nameLength > bytes.Length - 1)
        {
            error = $"a ZMTP command whose name is {nameLength} bytes long in a {bytes.Length}-byte frame; expected a name of 1 to {bytes.Length - 1} bytes";
            return false;
        }

        var name = bytes.AsSpan(1, nameLength);
        if (name.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E))
        {
            error = "a ZMTP command name that is not printable ASCII";
            return false;
        }

        command = new ZmtpCommand(Encoding.ASCII.GetString(name), bytes[(1 + nameLength)..]);
        error = null;
        return true;
    }

    /// <summary>Writes a command frame with the given name and data.</summary>
    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        ZmtpFrameWriter.WriteHeader(output, 1 + name.Length + data.Length, ZmtpFrameFlags.Command);
        var span = output.GetSpan(1 + name.Length);
        span[0] = (byte)name.Length;
        name.CopyTo(span[1..]);
        output.Advance(1 + name.Length);
        output.Write(data);
    }

    /// <summary>Writes READY with the one property a NULL-mechanism peer needs: our socket type.</summary>
    public static void WriteReady(IBufferWriter<byte> output, string socketType)
    {
        var value = Encoding.ASCII.GetBytes(socketType);
        var property = "Socket-Type"u8;
        var data = new byte[1 + property.Length + 4 + value.Length];
        data[0] = (byte)property.Length;
        property.CopyTo(data.AsSpan(1));
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(1 + property.Length), value.Length);
        value.CopyTo(data.AsSpan(1 + property.Length + 4));
        Write(output, "READY"u8, data);
    }

    /// <summary>Writes ERROR with a reason (ASCII, cut to the 255 bytes the command holds).</summary>
    public static void WriteError(IBufferWriter<byte> output, string reason)
    {
        var text = Encoding.ASCII.GetBytes(reason);
        var length = Math.Min(text.Length, byte.MaxValue);
        var data = new byte[1 + length];
        data[0] = (byte)length;
        text.AsSpan(0, length).CopyTo(data.AsSpan(1));
        Write(output, "ERROR"u8, data);
    }

    /// <summary>
    /// Reads the peer's socket type from READY's properties (each a one-byte name length, the name, a four-byte
    /// big-endian value length and the value). Property names are case-insensitive; others are ignored.
    /// </summary>
    public bool TryReadSocketType(out string socketType, out string? error)
    {
        socketType = "";
        var data = Data.AsSpan();
        string? found = null;
        while (!data.IsEmpty)
        {
            var nameLength = data[0];
            if (nameLength == 0 || data.Length < 1 + nameLength + 4)
            {
                error = $"a READY property cut off or with an empty name ({data.Length} bytes left, name length {nameLength})";
                return false;
            }

            var name = data.Slice(1, nameLength);
            var valueLength = BinaryPrimitives.ReadUInt32BigEndian(data[(1 + nameLength)..]);
            var rest = data[(1 + nameLength + 4)..];
            if (valueLength > (uint)rest.Length)
            {
                error = $"the READY property '{Encoding.ASCII.GetString(name)}' says its value is {valueLength} bytes; {rest.Length} are left";
                return false;
            }

            if (Ascii.EqualsIgnoreCase(name, "Socket-Type"u8))
            {
                found = Encoding.ASCII.GetString(rest[..(int)valueLength]);
            }

            data = rest[(int)valueLength..];
        }

        if (found is null)
        {
            error = "READY without a Socket-Type property";
            return false;
        }

        socketType = found;
        error = null;
        return true;
    }

    /// <summary>Reads ERROR's reason.</summary>
    public string ReadErrorReason()
    {
        if (Data.Length == 0)
        {
            return "";
        }

        var length = Math.Min(Data[0], Data.Length - 1);
        return Encoding.ASCII.GetString(Data, 1, length);
    }
}
