using Clipper.QueryFrontend.Oip;

namespace Clipper.QueryFrontend.OipGrpc;

/// <summary>What a gRPC request's input tensor declares, checked before its contents are converted.</summary>
/// <param name="Ref">The tensor as messages name it: its name quoted.</param>
/// <param name="Datatype">The datatype, or <see cref="OipDatatype.Unsupported"/>.</param>
/// <param name="DatatypeName">The datatype as sent.</param>
/// <param name="Shape">The shape as sent, for messages: <c>[2, 3]</c>.</param>
/// <param name="Rows">The first dimension: one query per row.</param>
/// <param name="RowElements">The product of the other dimensions, saturated at <see cref="long.MaxValue"/>.</param>
internal readonly record struct GrpcTensor(string Ref, OipDatatype Datatype, string DatatypeName, string Shape, long Rows, long RowElements)
{
    /// <summary>How many elements the shape holds, saturated at <see cref="long.MaxValue"/>.</summary>
    public long Elements => RowElements != 0 && Rows > long.MaxValue / RowElements ? long.MaxValue : Rows * RowElements;
}
