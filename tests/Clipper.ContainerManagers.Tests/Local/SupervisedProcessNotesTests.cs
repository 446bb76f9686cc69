using System.Text;
using System.Text.Json;
using Clipper.ContainerManagers.Local;

namespace Clipper.ContainerManagers.Tests.Local;

/// <summary>In a cluster that logs JSON, what the supervisor adds to a child's log is one JSON object a line, shaped like the child's own.</summary>
public sealed class SupervisedProcessNotesTests
{
    [Fact]
    public void JsonNote_ExitOfAReplica_IsOneJsonLineWithTheConsoleFormattersFields()
    {
        var note = SupervisedProcess.JsonNote(new DateTimeOffset(2026, 12, 7, 17, 30, 1, 250, TimeSpan.Zero), 3001, "Warning", "m_1-1", "exited with code 2 after 0.3 s; \"restarting\" in 1.0 s");

        var text = Encoding.UTF8.GetString(note.Span);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var entry = JsonDocument.Parse(text);
        var root = entry.RootElement;
        Assert.Equal("2026-12-07T17:30:01.250Z", root.GetProperty("Timestamp").GetString());
        Assert.Equal(3001, root.GetProperty("EventId").GetInt32());
        Assert.Equal("Warning", root.GetProperty("LogLevel").GetString());
        Assert.Equal("Clipper.ContainerManagers.Local.Supervisor", root.GetProperty("Category").GetString());
        Assert.Equal("exited with code 2 after 0.3 s; \"restarting\" in 1.0 s", root.GetProperty("Message").GetString());
        Assert.Equal("m_1-1", root.GetProperty("State").GetProperty("Part").GetString());
    }
}
