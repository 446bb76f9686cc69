namespace Clipper.QueryFrontend.Oip;

/// <summary>
/// Where the parts of the input tensor are in the request body, gathered in a first pass because JSON leaves the order
/// of its members free (<c>data</c> may come before <c>datatype</c>); the data is converted in a second pass once the
/// datatype and shape are known.
/// </summary>
internal struct TensorHeader
{
    public int NameStart;
    public int NameLength;
    public OipDatatype Datatype;
    public int DatatypeStart;
    public int DatatypeLength;
    public int ShapeStart;
    public int ShapeEnd;
    public int DataStart;
    public int DataEnd;

    /// <summary>The first dimension, or -1 when it does not fit an int (refused as too many rows).</summary>
    public long Rows;

    /// <summary>The product of the other dimensions (elements per row), saturated at <see cref="long.MaxValue"/>.</summary>
    public long RowElements;

    public int Rank;

    public static TensorHeader Empty => new() { NameStart = -1, DatatypeStart = -1, ShapeStart = -1, DataStart = -1 };

    public readonly bool HasName => NameStart >= 0;

    public readonly bool HasDatatype => DatatypeStart >= 0;

    public readonly bool HasShape => ShapeStart >= 0;

    public readonly bool HasData => DataStart >= 0;
}
