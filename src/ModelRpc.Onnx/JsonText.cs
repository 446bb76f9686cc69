using System.Globalization;
using System.Text;

namespace Clipper.ModelRpc.Onnx;

/// <summary>
/// Appends JSON values to a <see cref="StringBuilder"/> without intermediate strings: numbers in their shortest
/// round-trip form (a non-finite number, which JSON cannot hold, as <c>null</c>), strings escaped.
/// </summary>
internal static class JsonText
{
    public static void Number<T>(StringBuilder text, T value)
        where T : ISpanFormattable
    {
        if ((typeof(T) == typeof(float) && !float.IsFinite((float)(object)value))
            || (typeof(T) == typeof(double) && !double.IsFinite((double)(object)value)))
        {
            text.Append("null");
            return;
        }

        Span<char> buffer = stackalloc char[40];
        if (value.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture))
        {
            text.Append(buffer[..written]);
        }
        else
        {
            text.Append(value.ToString(null, CultureInfo.InvariantCulture));
        }
    }

    public static void Boolean(StringBuilder text, bool value) => text.Append(value ? "true" : "false");

    public static void String(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
