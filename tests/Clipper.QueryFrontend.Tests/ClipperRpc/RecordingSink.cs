using System.Buffers;
using System.Text;
using Clipper.QueryFrontend.ClipperRpc;

namespace Clipper.QueryFrontend.Tests.ClipperRpc;

/// <summary>Writes down every message the reader hands it, as text, in order.</summary>
internal sealed class RecordingSink : IClipperMessageSink
{
    public List<string> Events { get; } = [];

    public bool Paused { get; set; }

    public string? OnHeartbeat()
    {
        Events.Add("heartbeat");
        return null;
    }

    public string? OnMetadata(ClipperContainerMetadata metadata)
    {
        Events.Add($"metadata {metadata.ModelName} {metadata.ModelVersion} {metadata.InputType} {metadata.RpcVersion?.ToString() ?? "none"}");
        return null;
    }

    public string? OnAnswerStart(uint messageId, int count)
    {
        Events.Add($"answer {messageId} of {count}");
        return null;
    }

    public void OnOutput(int index, in ReadOnlySequence<byte> utf8) => Events.Add($"output {index} {Encoding.UTF8.GetString(utf8)}");

    public string? OnAnswerEnd()
    {
        Events.Add("end");
        return null;
    }

    public void OnPing(ReadOnlySpan<byte> context) => Events.Add("ping " + Convert.ToHexString(context));
}
