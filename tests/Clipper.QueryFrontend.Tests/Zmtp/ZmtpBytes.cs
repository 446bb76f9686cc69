using System.Buffers.Binary;
using System.Text;

namespace Clipper.QueryFrontend.Tests.Zmtp;

/// <summary>Builds the bytes a ZMTP peer sends, by hand, so that the tests say exactly what is on the wire.</summary>
internal static class ZmtpBytes
{
    /// <summary>A ZMTP 3 greeting as libzmq 4 sends it (a DEALER: not as-server).</summary>
    public static byte[] Greeting(byte major = 3, byte minor = 1, string mechanism = "NULL", byte signatureEnd = 0x7F)
    {
        var greeting = new byte[64];
        greeting[0] = 0xFF;
        greeting[8] = 1;
        greeting[9] = signatureEnd;
        greeting[10] = major;
        greeting[11] = minor;
        Encoding.ASCII.GetBytes(mechanism).CopyTo(greeting, 12);
        return greeting;
    }

    /// <summary>A frame: flags, size (long when asked or needed), body.</summary>
    public static byte[] Frame(byte[] body, bool more = false, bool command = false, bool forceLong = false)
    {
        var flags = (byte)((more ? 1 : 0) | (command ? 4 : 0));
        if (body.Length > 255 || forceLong)
        {
            var frame = new byte[9 + body.Length];
            frame[0] = (byte)(flags | 2);
            BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(1), body.Length);
            body.CopyTo(frame, 9);
            return frame;
        }

        return [flags, (byte)body.Length, .. body];
    }

    /// <summary>A command frame's body: name length, name, data.</summary>
    public static byte[] Command(string name, byte[] data) => [(byte)name.Length, .. Encoding.ASCII.GetBytes(name), .. data];

    /// <summary>READY's properties, each a name length, name, 4-byte big-endian value length and value.</summary>
    public static byte[] Properties(params (string Name, string Value)[] properties)
    {
        var bytes = new List<byte>();
        foreach (var (name, value) in properties)
        {
            bytes.Add((byte)name.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(name));
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
            bytes.AddRange(length);
            bytes.AddRange(Encoding.ASCII.GetBytes(value));
        }

        return [.. bytes];
    }

    /// <summary>A READY command frame from a peer of the given socket type.</summary>
    public static byte[] Ready(string socketType = "DEALER") =>
        Frame(Command("READY", Properties(("Socket-Type", socketType), ("Identity", ""))), command: true);

    /// <summary>A multipart message: every frame but the last with MORE.</summary>
    public static byte[] Message(params byte[][] frames) =>
        [.. frames.SelectMany((frame, i) => Frame(frame, more: i < frames.Length - 1))];

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }
}
