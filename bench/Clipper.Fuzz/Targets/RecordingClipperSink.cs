using System.Buffers;
using Clipper.QueryFrontend.ClipperRpc;

namespace Clipper.Fuzz.Targets;

/// <summary>
/// Receives what <see cref="ClipperMessageReader"/> finds, as a list of events to compare, and checks the order the
/// reader promises: outputs 0 to count-1 between an answer's start and end. Pauses after metadata, as a connection
/// does to register the container before it reads on.
/// </summary>
internal sealed class RecordingClipperSink : IClipperMessageSink
{
    // Outputs are recorded by length and a short prefix: enough to compare, bounded for long frames.
    private const int RecordedOutputBytes = 32;

    private int _expectedOutputs = -1;
    private int _nextOutput;

    public List<string> Events { get; } = [];

    public bool Paused { get; private set; }

    public void Resume() => Paused = false;

    public string? OnHeartbeat()
    {
        Check.Equal(-1, _expectedOutputs, "no heartbeat inside an answer");
        Events.Add("heartbeat");
        return null;
    }

    public string? OnMetadata(ClipperContainerMetadata metadata)
    {
        Check.Equal(-1, _expectedOutputs, "no metadata inside an answer");
        Events.Add($"metadata {metadata.ModelName}/{metadata.ModelVersion}/{metadata.InputType}/{metadata.RpcVersion}");
        Paused = true;
        return null;
    }

    public string? OnAnswerStart(uint messageId, int count)
    {
        Check.Equal(-1, _expectedOutputs, "an answer starts after the previous one ended");
        Check.That(count >= 0, "an answer's count is not negative");
        _expectedOutputs = count;
        _nextOutput = 0;
        Events.Add($"answer {messageId} of {count}");
        return null;
    }

    public void OnOutput(int index, in ReadOnlySequence<byte> utf8)
    {
        Check.Equal(_nextOutput, index, "outputs arrive in order");
        Check.That(index < _expectedOutputs, "no more outputs than announced");
        _nextOutput++;
        var shown = utf8.Slice(0, Math.Min(utf8.Length, RecordedOutputBytes)).ToArray();
        Events.Add($"output {index}: {utf8.Length} bytes {Convert.ToHexString(shown)}");
    }

    public string? OnAnswerEnd()
    {
        Check.Equal(_expectedOutputs, _nextOutput, "an answer ends after all its outputs");
        _expectedOutputs = -1;
        Events.Add("answer end");
        return null;
    }

    public void OnPing(ReadOnlySpan<byte> context)
    {
        Check.That(context.Length <= 16, "a PING context is at most 16 bytes");
        Events.Add("ping " + Convert.ToHexString(context));
    }
}
