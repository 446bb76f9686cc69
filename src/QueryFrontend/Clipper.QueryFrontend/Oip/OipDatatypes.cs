using System.Text.Json;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// The mapping between protocol datatypes and Clipper input types: each input type has one datatype models announce in
/// their metadata, and accepts it plus the wider or narrower one that converts without loss (range-checked per value).
/// </summary>
internal static class OipDatatypes
{
    public const string Fp32Name = "FP32";
    public const string Fp64Name = "FP64";
    public const string Int32Name = "INT32";
    public const string Int64Name = "INT64";
    public const string BytesName = "BYTES";

    /// <summary>Reads the datatype string the reader is on, comparing without unescaping into a new string.</summary>
    public static OipDatatype Parse(ref Utf8JsonReader reader)
    {
        // An escaped name is compared unescaped; the reader throws on an escape that is not valid Unicode.
        try
        {
            return reader.ValueTextEquals("FP32"u8) ? OipDatatype.Fp32
                : reader.ValueTextEquals("FP64"u8) ? OipDatatype.Fp64
                : reader.ValueTextEquals("INT32"u8) ? OipDatatype.Int32
                : reader.ValueTextEquals("INT64"u8) ? OipDatatype.Int64
                : reader.ValueTextEquals("BYTES"u8) ? OipDatatype.Bytes
                : OipDatatype.Unsupported;
        }
        catch (InvalidOperationException)
        {
            return OipDatatype.Unsupported;
        }
    }

    public static string Name(OipDatatype datatype) => datatype switch
    {
        OipDatatype.Fp32 => Fp32Name,
        OipDatatype.Fp64 => Fp64Name,
        OipDatatype.Int32 => Int32Name,
        OipDatatype.Int64 => Int64Name,
        OipDatatype.Bytes => BytesName,
        _ => "unsupported",
    };

    /// <summary>The datatype a model of this input type announces in its metadata.</summary>
    public static string NameFor(InputType inputType) => inputType switch
    {
        InputType.Integers => Int32Name,
        InputType.Floats => Fp32Name,
        InputType.Doubles => Fp64Name,
        _ => BytesName,
    };

    /// <summary>Whether a tensor of <paramref name="datatype"/> converts to inputs of <paramref name="inputType"/>.</summary>
    public static bool Accepts(InputType inputType, OipDatatype datatype) => inputType switch
    {
        // INT64 values are accepted when they fit: clients (numpy's default int) often send INT64 for small integers.
        InputType.Integers => datatype is OipDatatype.Int32 or OipDatatype.Int64,

        // FP64 to float32 would round silently: a float model is sent FP32.
        InputType.Floats => datatype == OipDatatype.Fp32,

        // FP32 widens to FP64 exactly.
        InputType.Doubles => datatype is OipDatatype.Fp64 or OipDatatype.Fp32,
        _ => datatype == OipDatatype.Bytes,
    };

    /// <summary>What <see cref="Accepts"/> accepts for an input type, for error messages.</summary>
    public static string AcceptedFor(InputType inputType) => inputType switch
    {
        InputType.Integers => "INT32 (or INT64 with values that fit 32 bits)",
        InputType.Floats => "FP32",
        InputType.Doubles => "FP64 (or FP32)",
        InputType.Bytes => "BYTES (each element base64, as in Clipper's predict)",
        _ => "BYTES (each element a UTF-8 string)",
    };

    /// <summary>Whether a row of this input type is one element (a string or a byte string) rather than a vector.</summary>
    public static bool IsOneElementPerRow(InputType inputType) => inputType is InputType.Bytes or InputType.Strings;
}
