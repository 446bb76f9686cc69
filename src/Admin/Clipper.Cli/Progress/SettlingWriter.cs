using System.Text;

namespace Clipper.Cli.Progress;

/// <summary>
/// The console's writer wrapped so that whatever a command prints (results on standard output, errors on standard error)
/// first settles the progress line under way instead of being drawn over it.
/// </summary>
internal sealed class SettlingWriter(TextWriter inner, IStepProgress progress) : TextWriter
{
    /// <inheritdoc/>
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc/>
    public override IFormatProvider FormatProvider => inner.FormatProvider;

    /// <inheritdoc/>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    /// <inheritdoc/>
    public override void Write(char value)
    {
        progress.Settle();
        inner.Write(value);
    }

    /// <inheritdoc/>
    public override void Write(string? value)
    {
        progress.Settle();
        inner.Write(value);
    }

    /// <inheritdoc/>
    public override void Write(char[] buffer, int index, int count)
    {
        progress.Settle();
        inner.Write(buffer, index, count);
    }

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        progress.Settle();
        inner.WriteLine(value);
    }

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();
}
