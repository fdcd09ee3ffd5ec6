using System.Text;

namespace Orchestrator.Bot.Rendering;

/// <summary>Escaping for Telegram HTML.</summary>
internal static class HtmlText
{
    public static void AppendEscaped(StringBuilder sb, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var next = text.IndexOfAny('<', '>', '&');
            if (next < 0)
            {
                sb.Append(text);
                return;
            }

            sb.Append(text[..next]);
            sb.Append(text[next] switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                _ => "&amp;",
            });
            text = text[(next + 1)..];
        }
    }

    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        AppendEscaped(sb, text);
        return sb.ToString();
    }

    public static string EscapeAttribute(string value) => Escape(value).Replace("\"", "&quot;", StringComparison.Ordinal);
}
