using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Fuzz.Targets;

/// <summary>Decodes a model RPC frame body with the reader for its type, as the two ends' read loops do.</summary>
internal static class ModelRpcBodies
{
    // Answers are read one result at a time; a body cannot hold more results than bytes, so this bounds the loop.
    private const int MaxResultsRead = 100_000;

    private static readonly InputDecoder<double[]> s_doubles = InputDecoder.Create<double[]>(InputType.Doubles);

    /// <summary>Decodes <paramref name="body"/>; returns a short description of the outcome for comparisons.</summary>
    public static string Decode(MessageType type, in ReadOnlySequence<byte> body)
    {
        string? error;
        bool ok;
        switch (type)
        {
            case MessageType.Hello:
                ok = MessageCodec.TryReadHello(body, out var hello, out error);
                Check.That(ok == (hello is not null), "Hello: a message exactly when it succeeds");
                break;
            case MessageType.Welcome:
                ok = MessageCodec.TryReadWelcome(body, out var welcome, out error);
                Check.That(ok == (welcome is not null), "Welcome: a message exactly when it succeeds");
                break;
            case MessageType.BatchRequest:
                var status = BatchRequestDecoder.Decode(body, s_doubles, out var batch);
                ok = status == BatchDecodeStatus.Decoded;
                error = batch.Error;
                break;
            case MessageType.BatchResponse:
                ok = ReadResponse(body, out error);
                break;
            case MessageType.Heartbeat:
                ok = MessageCodec.TryReadHeartbeat(body, out error);
                break;
            case MessageType.Goodbye:
                ok = MessageCodec.TryReadGoodbye(body, out var goodbye, out error);
                Check.That(ok == (goodbye is not null), "Goodbye: a message exactly when it succeeds");
                break;
            case MessageType.Membership:
                ok = MessageCodec.TryReadMembership(body, out var membership, out error);
                Check.That(ok == (membership is not null), "Membership: a message exactly when it succeeds");
                break;
            case MessageType.Demand:
                ok = MessageCodec.TryReadDemand(body, out var demand, out error);
                Check.That(ok == (demand is not null), "Demand: a message exactly when it succeeds");
                break;
            case MessageType.Grant:
                ok = MessageCodec.TryReadGrant(body, out _, out error);
                break;
            default:
                ok = MessageCodec.TryReadSignal(body, type, out error);
                break;
        }

        Check.That(ok == (error is null), $"{type}: an error exactly when it fails");
        return ok ? "ok" : error!;
    }

    /// <summary>Reads a BatchResponse of protocol version 2 to its end, as the frontend does.</summary>
    public static bool ReadResponse(in ReadOnlySequence<byte> body, out string? error) => ReadResponse(body, ProtocolConstants.MinimumVersion, out error);

    /// <summary>Reads a BatchResponse in the shape of <paramref name="version"/> to its end, as the frontend does.</summary>
    public static bool ReadResponse(in ReadOnlySequence<byte> body, int version, out string? error)
    {
        if (!BatchResponseReader.TryCreate(body, version, out var reader, out error))
        {
            Check.That(error is not null, "BatchResponse: a header that fails says why");
            return false;
        }

        Check.That(reader.Count >= 0 && reader.Count <= body.Length, "BatchResponse: no more results than bytes");
        int read = 0;
        while (read < MaxResultsRead && reader.TryReadNext(out _, out var utf8, out error))
        {
            Check.That(utf8.Length < body.Length, "BatchResponse: a result is a slice of the body");
            read++;
        }

        Check.That(read <= reader.Count, "BatchResponse: at most Count results");
        Check.That(error is not null || read == reader.Count, "BatchResponse: stopping early says why");
        return error is null;
    }
}
