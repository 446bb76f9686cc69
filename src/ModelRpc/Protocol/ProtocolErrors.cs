using System.Globalization;
using MessagePack;

namespace Clipper.ModelRpc.Protocol;

/// <summary>
/// Builds every protocol error message in one place, so they all say what was received and what
/// was expected. Only called on failure paths, so allocation here is fine.
/// </summary>
internal static class ProtocolErrors
{
    public static string EmptyFrame() =>
        "Received a frame with length 0; expected a length of at least 1 (the type byte).";

    public static string FrameTooLarge(uint length, int maxFrameBytes) => string.Create(
        CultureInfo.InvariantCulture,
        $"Received a frame of {length} bytes; expected at most {maxFrameBytes} bytes (MaxFrameBytes). Raise MaxFrameBytes on the receiving side if such frames are legitimate.");

    public static string UnknownFrameType(byte type) => string.Create(
        CultureInfo.InvariantCulture,
        $"Received a frame of unknown type {type}; expected 1 (Hello) to 11 (Release).");

    public static string TruncatedPrefix(long received) => string.Create(
        CultureInfo.InvariantCulture,
        $"The connection ended inside a frame: received {received} of the {ProtocolConstants.LengthPrefixBytes} length bytes.");

    public static string TruncatedFrame(long received, uint length, int maxFrameBytes) => string.Create(
        CultureInfo.InvariantCulture,
        $"The connection ended inside a frame: received {received - ProtocolConstants.LengthPrefixBytes} of its {length} bytes (MaxFrameBytes is {maxFrameBytes}).");

    public static string WrongType(string field, string expected, ref MessagePackReader reader) =>
        $"{field}: expected {expected}, received {Describe(ref reader)}.";

    public static string WrongArrayLength(string field, int expected, int received) => string.Create(
        CultureInfo.InvariantCulture,
        $"{field}: expected an array of {expected} elements, received an array of {received}.");

    public static string OutOfRange(string field, string expected, string received) =>
        $"{field}: expected {expected}, received {received}.";

    public static string UnsupportedVersion(string field, long received) => string.Create(
        CultureInfo.InvariantCulture,
        $"{field}: received protocol version {received}; expected {ProtocolConstants.MinimumVersion} or {ProtocolConstants.Version}, the versions this side speaks.");

    public static string TrailingBytes(string message, long trailing) => string.Create(
        CultureInfo.InvariantCulture,
        $"{message}: expected exactly one MessagePack value, received {trailing} more bytes after it.");

    public static string NotWellFormed(string message, Exception exception) =>
        $"{message}: the body is not well-formed MessagePack ({exception.Message}).";

    public static string Describe(ref MessagePackReader reader)
    {
        if (reader.End)
        {
            return "the end of the body";
        }

        byte code = reader.NextCode;
        return MessagePackCode.ToMessagePackType(code) switch
        {
            MessagePackType.Integer => "an integer",
            MessagePackType.Nil => "nil",
            MessagePackType.Boolean => "a bool",
            MessagePackType.Float => "a float",
            MessagePackType.String => "a str",
            MessagePackType.Binary => "a bin",
            MessagePackType.Array => "an array",
            MessagePackType.Map => "a map",
            MessagePackType.Extension => "an ext",
            _ => string.Create(CultureInfo.InvariantCulture, $"the invalid MessagePack byte 0x{code:X2}"),
        };
    }
}
