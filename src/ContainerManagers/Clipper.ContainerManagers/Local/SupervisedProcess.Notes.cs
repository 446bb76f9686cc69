using System.Buffers;
using System.Text.Json;

namespace Clipper.ContainerManagers.Local;

/// <content>
/// The lines the supervisor itself adds to a child's log (a launch failure, an exit): <c>[supervisor] ...</c> lines,
/// or in a cluster that logs JSON, objects shaped like the children's own (.NET's JSON console formatter), so that
/// every line of the file parses.
/// </content>
internal sealed partial class SupervisedProcess
{
    private const string NoteCategory = "Clipper.ContainerManagers.Local.Supervisor";

    /// <summary>How the supervisor's notes in this log are written: the cluster's format.</summary>
    public LogFormat NoteFormat { get; init; }

    private void AppendNote(int eventId, string level, string message)
    {
        if (NoteFormat != LogFormat.Json)
        {
            AppendToLog($"[supervisor] {message}{Environment.NewLine}");
            return;
        }

        AppendToLog(JsonNote(_time.GetUtcNow(), eventId, level, Spec.Id, message).Span);
    }

    /// <summary>One note as a JSON line: <c>Timestamp</c>, <c>EventId</c>, <c>LogLevel</c>, <c>Category</c>, <c>Message</c>, <c>State</c>.</summary>
    internal static ReadOnlyMemory<byte> JsonNote(DateTimeOffset now, int eventId, string level, string part, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("EventId", eventId);
            json.WriteString("LogLevel", level);
            json.WriteString("Category", NoteCategory);
            json.WriteString("Message", message);
            json.WriteStartObject("State");
            json.WriteString("Message", message);
            json.WriteString("Part", part);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }
}
