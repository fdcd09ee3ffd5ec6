using System.Globalization;
using System.Text;

namespace Orchestrator.Testing.Telegram;

/// <summary>
/// A strict parser of Telegram's HTML parse mode, as the fake Bot API server and the tests apply it.
/// It accepts only the documented tags and entities and reports errors the way Telegram words them
/// ("Can't parse entities: ... at byte offset N"). <c>text</c> is the visible text after entity parsing,
/// which is what Telegram counts toward the 4096-character limit (UTF-16 code units).
/// Stricter than Telegram on purpose: unknown attributes, a bare '&amp;' and tags inside code/pre are errors.
/// </summary>
public static class TelegramHtml
{
    private static readonly HashSet<string> SimpleTags = new(StringComparer.Ordinal)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler",
    };

    private sealed record OpenTag(string Name, int ByteOffset, bool HasLanguage);

    public static bool TryParse(string html, out string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(html);
        var visible = new StringBuilder(html.Length);
        var stack = new List<OpenTag>();
        var i = 0;
        text = string.Empty;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '&')
            {
                if (!TryEntity(html, ref i, visible, out error))
                {
                    return false;
                }
            }
            else if (c == '<')
            {
                var start = i;
                if (!TryTag(html, ref i, stack, out error))
                {
                    error = $"Can't parse entities: {error} at byte offset {ByteOffset(html, start)}";
                    return false;
                }
            }
            else if (c == '>')
            {
                // Telegram tolerates a bare '>' in text; it is visible as is.
                visible.Append(c);
                i++;
            }
            else
            {
                visible.Append(c);
                i++;
            }
        }

        if (stack.Count > 0)
        {
            error = $"Can't parse entities: can't find end tag corresponding to start tag \"{stack[^1].Name}\"";
            return false;
        }

        text = visible.ToString();
        error = null;
        return true;
    }

    /// <summary>Parses and returns the visible text, or throws <see cref="FormatException"/> with Telegram's message.</summary>
    public static string VisibleText(string html) =>
        TryParse(html, out var text, out var error) ? text : throw new FormatException(error);

    private static bool TryEntity(string html, ref int i, StringBuilder visible, out string? error)
    {
        var start = i;
        var semicolon = html.IndexOf(';', i + 1);
        if (semicolon < 0 || semicolon - i > 12)
        {
            error = $"Can't parse entities: character '&' is reserved and must be escaped at byte offset {ByteOffset(html, start)}";
            return false;
        }

        var name = html.AsSpan(i + 1, semicolon - i - 1);
        string? value = name switch
        {
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            "quot" => "\"",
            _ => null,
        };
        if (value is null && name.Length > 1 && name[0] == '#')
        {
            var hex = name.Length > 2 && (name[1] == 'x' || name[1] == 'X');
            var digits = hex ? name[2..] : name[1..];
            var ok = hex
                ? int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var cp)
                : int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out cp);
            if (ok && cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF))
            {
                value = char.ConvertFromUtf32(cp);
            }
        }

        if (value is null)
        {
            error = $"Can't parse entities: unsupported entity \"&{name};\" at byte offset {ByteOffset(html, start)}";
            return false;
        }

        visible.Append(value);
        i = semicolon + 1;
        error = null;
        return true;
    }

    private static bool TryTag(string html, ref int i, List<OpenTag> stack, out string? error)
    {
        var start = i;
        var closing = i + 1 < html.Length && html[i + 1] == '/';
        var p = closing ? i + 2 : i + 1;
        var nameStart = p;
        while (p < html.Length && (char.IsAsciiLetterOrDigit(html[p]) || html[p] == '-'))
        {
            p++;
        }

        var name = html[nameStart..p].ToLowerInvariant();
        if (name.Length == 0)
        {
            error = closing ? "Unsupported end tag \"\"" : "Unsupported start tag \"\"";
            return false;
        }

        if (closing)
        {
            if (p >= html.Length || html[p] != '>')
            {
                error = $"Unclosed end tag \"{name}\"";
                return false;
            }

            if (stack.Count == 0 || stack[^1].Name != name)
            {
                error = stack.Count == 0
                    ? $"Unexpected end tag \"{name}\""
                    : $"Unmatched end tag \"{name}\", expected \"</{stack[^1].Name}>\"";
                return false;
            }

            stack.RemoveAt(stack.Count - 1);
            i = p + 1;
            error = null;
            return true;
        }

        var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
        while (true)
        {
            while (p < html.Length && html[p] is ' ' or '\t' or '\n' or '\r')
            {
                p++;
            }

            if (p >= html.Length)
            {
                error = $"Unclosed start tag \"{name}\"";
                return false;
            }

            if (html[p] == '>')
            {
                p++;
                break;
            }

            var attrStart = p;
            while (p < html.Length && (char.IsAsciiLetterOrDigit(html[p]) || html[p] == '-'))
            {
                p++;
            }

            if (p == attrStart)
            {
                error = $"Unsupported start tag \"{name}\"";
                return false;
            }

            var attrName = html[attrStart..p].ToLowerInvariant();
            string? attrValue = null;
            if (p < html.Length && html[p] == '=')
            {
                p++;
                if (p >= html.Length || html[p] is not ('"' or '\''))
                {
                    error = $"Expected quoted value of attribute \"{attrName}\" of tag \"{name}\"";
                    return false;
                }

                var quote = html[p];
                var end = html.IndexOf(quote, p + 1);
                if (end < 0)
                {
                    error = $"Unclosed value of attribute \"{attrName}\" of tag \"{name}\"";
                    return false;
                }

                var raw = html[(p + 1)..end];
                var decoded = new StringBuilder();
                for (var k = 0; k < raw.Length;)
                {
                    if (raw[k] == '&')
                    {
                        if (!TryEntity(raw, ref k, decoded, out error))
                        {
                            return false;
                        }
                    }
                    else if (raw[k] == '<')
                    {
                        error = $"Character '<' in attribute \"{attrName}\" of tag \"{name}\"";
                        return false;
                    }
                    else
                    {
                        decoded.Append(raw[k++]);
                    }
                }

                attrValue = decoded.ToString();
                p = end + 1;
            }

            if (!attributes.TryAdd(attrName, attrValue))
            {
                error = $"Duplicate attribute \"{attrName}\" of tag \"{name}\"";
                return false;
            }
        }

        if (!ValidateStartTag(name, attributes, stack, out var hasLanguage, out error))
        {
            return false;
        }

        stack.Add(new OpenTag(name, start, hasLanguage));
        i = p;
        return true;
    }

    private static bool ValidateStartTag(
        string name, Dictionary<string, string?> attributes, List<OpenTag> stack, out bool hasLanguage, out string? error)
    {
        hasLanguage = false;
        error = null;
        var parent = stack.Count > 0 ? stack[^1] : null;
        if (parent is not null && (parent.Name == "code" || (parent.Name == "pre" && name != "code")))
        {
            error = $"Tag \"{name}\" is not allowed inside \"{parent.Name}\"";
            return false;
        }

        // Bot API "Formatting options": bold, italic, underline, strikethrough and spoiler can contain any entity
        // except pre and code; pre, code and links cannot contain each other. (pre > code is the language form.)
        var container = stack.FindLast(t => t.Name != "blockquote" && !(name == "code" && t.Name == "pre"));
        if ((name == "pre" && stack.Count > 0 && parent!.Name != "blockquote")
            || (name == "code" && container is not null && parent!.Name != "pre"))
        {
            error = $"Tag \"{name}\" is not allowed inside \"{container?.Name ?? parent!.Name}\"";
            return false;
        }

        bool Only(params string[] allowed)
        {
            foreach (var key in attributes.Keys)
            {
                if (Array.IndexOf(allowed, key) < 0)
                {
                    return false;
                }
            }

            return true;
        }

        var valid = name switch
        {
            _ when SimpleTags.Contains(name) => attributes.Count == 0,
            "span" => attributes.Count == 1 && attributes.TryGetValue("class", out var cls) && cls == "tg-spoiler",
            "a" => Only("href") && attributes.TryGetValue("href", out var href) && !string.IsNullOrEmpty(href)
                   && !stack.Exists(t => t.Name == "a"),
            "code" => Only("class") && (!attributes.TryGetValue("class", out var lang)
                     || (parent?.Name == "pre" && lang is not null && lang.StartsWith("language-", StringComparison.Ordinal)
                         && lang.Length > "language-".Length)),
            "pre" => attributes.Count == 0,
            "blockquote" => Only("expandable") && !stack.Exists(t => t.Name == "blockquote"),
            "tg-emoji" => Only("emoji-id") && attributes.TryGetValue("emoji-id", out var id) && !string.IsNullOrEmpty(id),
            _ => false,
        };
        if (!valid)
        {
            error = SimpleTags.Contains(name) || name is "span" or "a" or "code" or "pre" or "blockquote" or "tg-emoji"
                ? $"Unsupported attributes or nesting of start tag \"{name}\""
                : $"Unsupported start tag \"{name}\"";
            return false;
        }

        hasLanguage = name == "code" && attributes.ContainsKey("class");
        return true;
    }

    private static int ByteOffset(string s, int charIndex) => Encoding.UTF8.GetByteCount(s.AsSpan(0, charIndex));
}
