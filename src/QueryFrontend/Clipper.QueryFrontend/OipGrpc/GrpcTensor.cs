using System.Globalization;
using System.Text;
using Clipper.QueryFrontend.Oip;

namespace Clipper.QueryFrontend.OipGrpc;

/// <summary>What a gRPC request's input tensor declares, checked before its contents are converted.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Datatype">The datatype, or <see cref="OipDatatype.Unsupported"/>.</param>
/// <param name="DatatypeName">The datatype as sent.</param>
/// <param name="Dimensions">The shape as sent.</param>
/// <param name="Rows">The first dimension: one query per row.</param>
/// <param name="RowElements">The product of the other dimensions, saturated at <see cref="long.MaxValue"/>.</param>
internal readonly record struct GrpcTensor(string Name, OipDatatype Datatype, string DatatypeName, IList<long> Dimensions, long Rows, long RowElements)
{
    /// <summary>How many elements the shape holds, saturated at <see cref="long.MaxValue"/>.</summary>
    public long Elements => RowElements != 0 && Rows > long.MaxValue / RowElements ? long.MaxValue : Rows * RowElements;

    /// <summary>The tensor as messages name it, its name quoted (error path only: it allocates).</summary>
    public string Ref => Quote(Name);

    /// <summary>The shape as messages show it, <c>[2, 3]</c> (error path only: it allocates).</summary>
    public string Shape
    {
        get
        {
            var text = new StringBuilder("[");
            for (var i = 0; i < Dimensions.Count; i++)
            {
                text.Append(i == 0 ? "" : ", ").Append(Dimensions[i].ToString(CultureInfo.InvariantCulture));
            }

            return text.Append(']').ToString();
        }
    }

    /// <summary>A tensor name as messages show it.</summary>
    public static string Quote(string name) => "'" + name + "'";
}
