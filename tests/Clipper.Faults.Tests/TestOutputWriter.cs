using System.Text;
using Xunit.Abstractions;

namespace Clipper.Faults.Tests;

/// <summary>The harness's progress lines, into the test's output.</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value == '\n')
            {
                Flush();
                return;
            }

            _line.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_line)
        {
            _line.Append(value);
            Flush();
        }
    }

    public override void Flush()
    {
        lock (_line)
        {
            if (_line.Length == 0)
            {
                return;
            }

            try
            {
                output.WriteLine(_line.ToString());
            }
            catch (InvalidOperationException)
            {
                // A line written after the test ended (a process's late output): nowhere to go.
            }

            _line.Clear();
        }
    }
}
