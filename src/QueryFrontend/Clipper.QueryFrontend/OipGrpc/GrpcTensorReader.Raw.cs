using System.Buffers.Binary;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Http;
using Clipper.QueryFrontend.Oip;
using Inference;

namespace Clipper.QueryFrontend.OipGrpc;

/// <content>
/// Elements in <c>raw_input_contents</c>: flattened in row-major order, little-endian, without padding; a BYTES element is
/// a 4-byte little-endian length followed by that many bytes, as the protocol says.
/// </content>
internal static partial class GrpcTensorReader
{
    private static bool TryReadRaw(ModelInferRequest request, in GrpcTensor tensor, InputType expected, ParseLimits limits, ParsedInputs into, out string error)
    {
        if (request.RawInputContents.Count != request.Inputs.Count)
        {
            error = GrpcErrors.RawCount(request.RawInputContents.Count);
            return false;
        }

        if (request.Inputs[0].Contents is { } contents && FirstNonEmptyExcept(contents, "") is not null)
        {
            error = GrpcErrors.ContentsAndRaw(in tensor);
            return false;
        }

        var raw = request.RawInputContents[0].Span;
        return tensor.Datatype == OipDatatype.Bytes
            ? TryReadRawBytes(raw, in tensor, expected, limits, into, out error)
            : TryReadRawNumbers(raw, in tensor, expected, into, out error);
    }

    private static bool TryReadRawNumbers(ReadOnlySpan<byte> raw, in GrpcTensor tensor, InputType expected, ParsedInputs into, out string error)
    {
        var size = tensor.Datatype is OipDatatype.Fp64 or OipDatatype.Int64 ? 8 : 4;
        if (tensor.Elements > int.MaxValue / size || raw.Length != tensor.Elements * size)
        {
            error = GrpcErrors.RawLength(in tensor, raw.Length, size);
            return false;
        }

        if (tensor.Elements == 0)
        {
            EndEmptyRows(in tensor, into);
            error = "";
            return true;
        }

        var rowElements = tensor.RowElements;
        long inRow = 0;
        for (var i = 0; i < tensor.Elements; i++)
        {
            var element = raw.Slice(i * size, size);
            bool appended;
            switch (tensor.Datatype)
            {
                case OipDatatype.Int32:
                    into.WriteInt32(BinaryPrimitives.ReadInt32LittleEndian(element));
                    appended = true;
                    error = "";
                    break;
                case OipDatatype.Int64:
                    var wide = BinaryPrimitives.ReadInt64LittleEndian(element);
                    appended = wide is >= int.MinValue and <= int.MaxValue;
                    error = appended ? "" : GrpcErrors.ElementNotInt32(in tensor, i, wide);
                    if (appended)
                    {
                        into.WriteInt32((int)wide);
                    }

                    break;
                case OipDatatype.Fp32:
                    appended = TryAppendFloat(BinaryPrimitives.ReadSingleLittleEndian(element), in tensor, expected, i, into, out error);
                    break;
                default:
                    appended = TryAppendDouble(BinaryPrimitives.ReadDoubleLittleEndian(element), in tensor, i, into, out error);
                    break;
            }

            if (!appended)
            {
                return false;
            }

            if (++inRow == rowElements)
            {
                into.EndInput();
                inRow = 0;
            }
        }

        error = "";
        return true;
    }

    private static bool TryReadRawBytes(ReadOnlySpan<byte> raw, in GrpcTensor tensor, InputType expected, ParseLimits limits, ParsedInputs into, out string error)
    {
        var offset = 0;
        long count = 0;
        while (count < tensor.Elements && offset < raw.Length)
        {
            var remaining = raw.Length - offset;
            if (remaining < sizeof(uint))
            {
                error = GrpcErrors.RawBytesCutOff(in tensor, count, offset, remaining, -1);
                return false;
            }

            long length = BinaryPrimitives.ReadUInt32LittleEndian(raw[offset..]);
            if (length > remaining - sizeof(uint))
            {
                error = GrpcErrors.RawBytesCutOff(in tensor, count, offset, remaining - sizeof(uint), length);
                return false;
            }

            if (!TryAppendElement(raw.Slice(offset + sizeof(uint), (int)length), in tensor, expected, count, limits, into, out error))
            {
                return false;
            }

            offset += sizeof(uint) + (int)length;
            count++;
        }

        if (count != tensor.Elements || offset != raw.Length)
        {
            error = GrpcErrors.RawBytesCount(in tensor, count, raw.Length - offset);
            return false;
        }

        error = "";
        return true;
    }
}
