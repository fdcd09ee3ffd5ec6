using System.Globalization;
using System.Text;

namespace Orchestrator.Testing.Telegram;

/// <summary>
/// MINIMAL placeholder for Telegram's HTML parse mode (the strict version replaces this file at merge): checks tag names
/// against Telegram's allow-list and balance, decodes &amp;lt; &amp;gt; &amp;amp; &amp;quot; and numeric entities.
/// </summary>
public static class TelegramHtml
{
    private static readonly HashSet<string> Allowed =
        ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"];

    public static bool TryParse(string html, out string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(html);
        var sb = new StringBuilder(html.Length);
        var open = new Stack<string>();
        text = "";
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    error = $"Unclosed start tag at byte offset {i}";
                    return false;
                }

                var tag = html[(i + 1)..end].Trim();
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ', 2)[0].Trim().ToLowerInvariant();
                if (!Allowed.Contains(name))
                {
                    error = $"Unsupported start tag \"{name}\" at byte offset {i}";
                    return false;
                }

                if (closing)
                {
                    if (open.Count == 0 || open.Pop() != name)
                    {
                        error = $"Unmatched end tag at byte offset {i}, expected \"</{(open.Count == 0 ? "" : name)}>\"";
                        return false;
                    }
                }
                else
                {
                    open.Push(name);
                }

                i = end;
            }
            else if (c == '&')
            {
                var end = html.IndexOf(';', i);
                var entity = end < 0 ? "" : html[(i + 1)..end];
                var decoded = entity switch
                {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    _ when entity.StartsWith("#x", StringComparison.OrdinalIgnoreCase) && int.TryParse(entity[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) => char.ConvertFromUtf32(hex),
                    _ when entity.StartsWith('#') && int.TryParse(entity[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var dec) => char.ConvertFromUtf32(dec),
                    _ => null,
                };
                if (decoded is null)
                {
                    sb.Append(c);
                    continue;
                }

                sb.Append(decoded);
                i = end;
            }
            else
            {
                sb.Append(c);
            }
        }

        if (open.Count > 0)
        {
            error = $"Can't find end tag corresponding to start tag \"{open.Peek()}\"";
            return false;
        }

        text = sb.ToString();
        error = null;
        return true;
    }
}
