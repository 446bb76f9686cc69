using System.Buffers;

namespace Clipper.QueryFrontend.ClipperRpc;

/// <summary>
/// Receives the messages <see cref="ClipperMessageReader"/> finds, frame by frame, so that an answer's outputs go to
/// their queries as they arrive without the message being buffered whole. A non-null return is a protocol error.
/// </summary>
internal interface IClipperMessageSink
{
    /// <summary>A heartbeat (<c>""</c>, <c>u32 2</c>).</summary>
    string? OnHeartbeat();

    /// <summary>A container's metadata.</summary>
    string? OnMetadata(ClipperContainerMetadata metadata);

    /// <summary>The start of an answer: the message id it answers and how many outputs follow.</summary>
    string? OnAnswerStart(uint messageId, int count);

    /// <summary>One output of the answer started last, in input order; a slice of the receive buffer.</summary>
    void OnOutput(int index, in ReadOnlySequence<byte> utf8);

    /// <summary>The end of the answer started last.</summary>
    string? OnAnswerEnd();

    /// <summary>A ZMTP 3.1 PING: the caller answers PONG with its context after parsing.</summary>
    void OnPing(ReadOnlySpan<byte> context);

    /// <summary>Whether parsing stops after the message just read (the metadata arrived and the caller must act on it).</summary>
    bool Paused { get; }
}
