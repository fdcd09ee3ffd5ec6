using System.Globalization;
using System.Text;

namespace Orchestrator.Bot.Rendering;

/// <summary>
/// Cuts well-formed Telegram HTML into pages of at most <see cref="PageOptions.MaxVisible"/> visible characters,
/// with the rules of <see cref="TelegramHtmlRenderer.RenderPages"/>: prefer a line break, then a space, then a hard
/// cut (never inside a tag, an entity or a surrogate pair); the break character ends the earlier page; elements open
/// at a cut are closed and reopened with the same attributes. Concatenating the pages' <see cref="RenderedPage.PlainText"/>
/// gives the visible text of the input exactly.
/// </summary>
public static class MessageSplitter
{
    /// <exception cref="FormatException">The input is not well-formed (unbalanced tags, a bare '&lt;' or '&amp;').</exception>
    public static IReadOnlyList<RenderedPage> Split(string html, PageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        var paginator = new Paginator(options ?? PageOptions.Default);
        paginator.AddRange(Tokenize(html));
        paginator.Finish();
        return paginator.CompletedPages;
    }

    internal static List<HtmlToken> Tokenize(string html)
    {
        var tokens = new List<HtmlToken>();
        var open = new Stack<TagSpec>();
        var text = new StringBuilder();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '&')
            {
                var end = html.IndexOf(';', i);
                var decoded = end > i ? Decode(html.AsSpan(i + 1, end - i - 1)) : null;
                text.Append(decoded ?? throw new FormatException($"Bare '&' at {i}."));
                i = end + 1;
            }
            else if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    throw new FormatException($"Unclosed tag at {i}.");
                }

                FlushText();
                var closing = i + 1 < html.Length && html[i + 1] == '/';
                var nameStart = closing ? i + 2 : i + 1;
                var nameEnd = nameStart;
                while (nameEnd < end && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == '-'))
                {
                    nameEnd++;
                }

                var name = html[nameStart..nameEnd].ToLowerInvariant();
                if (name.Length == 0)
                {
                    throw new FormatException($"Bare '<' at {i}.");
                }

                if (closing)
                {
                    if (open.Count == 0 || open.Peek().Name != name)
                    {
                        throw new FormatException($"Unmatched </{name}> at {i}.");
                    }

                    tokens.Add(HtmlToken.Close(open.Pop()));
                }
                else
                {
                    var tag = new TagSpec(name, html[i..(end + 1)]);
                    open.Push(tag);
                    tokens.Add(HtmlToken.Open(tag));
                }

                i = end + 1;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"<{open.Peek().Name}> is never closed.");
        }

        FlushText();
        return tokens;

        void FlushText()
        {
            if (text.Length > 0)
            {
                tokens.Add(HtmlToken.Of(text.ToString()));
                text.Clear();
            }
        }
    }

    private static string? Decode(ReadOnlySpan<char> entity)
    {
        switch (entity)
        {
            case "lt": return "<";
            case "gt": return ">";
            case "amp": return "&";
            case "quot": return "\"";
        }

        if (entity.Length > 1 && entity[0] == '#')
        {
            var hex = entity[1] is 'x' or 'X';
            var ok = hex
                ? int.TryParse(entity[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp)
                : int.TryParse(entity[1..], NumberStyles.None, CultureInfo.InvariantCulture, out cp);
            if (ok && cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF))
            {
                return char.ConvertFromUtf32(cp);
            }
        }

        return null;
    }
}
