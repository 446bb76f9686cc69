namespace Clipper.QueryFrontend.Oip;

/// <summary>The tensor datatypes of the Open Inference Protocol that map onto a Clipper input type.</summary>
internal enum OipDatatype : byte
{
    /// <summary>Any other datatype name (BOOL, UINT8, FP16...): refused.</summary>
    Unsupported = 0,

    /// <summary>32-bit IEEE float.</summary>
    Fp32,

    /// <summary>64-bit IEEE float.</summary>
    Fp64,

    /// <summary>32-bit signed integer.</summary>
    Int32,

    /// <summary>64-bit signed integer.</summary>
    Int64,

    /// <summary>Variable-length bytes; in JSON a string per element.</summary>
    Bytes,
}
