namespace Orchestrator.Bot.Rendering;

/// <summary>
/// Line-by-line block structure of an answer: fenced code blocks (```lang … ```), blockquote groups (&gt; …),
/// headings (# …), bullet items (- * +) and plain lines. Each complete line is rendered once, in order, from a
/// small state (inside a fence? inside a quote?), so a prefix of complete lines always renders the same way
/// whatever follows: that is what lets <see cref="StreamingDocument"/> cache it.
/// </summary>
internal struct BlockScanner
{
    private bool _inFence;
    private bool _fenceOpened;
    private char _fenceChar;
    private int _fenceLength;
    private string? _language;
    private bool _inQuote;

    /// <summary>Renders one line. <paramref name="line"/> excludes the line break; <paramref name="hasBreak"/> says if one followed.</summary>
    public void ProcessLine(string line, bool hasBreak, List<HtmlToken> sink)
    {
        if (_inFence)
        {
            if (IsClosingFence(line))
            {
                CloseFence(sink);
                return;
            }

            if (!_fenceOpened)
            {
                sink.Add(HtmlToken.Open(TagSpec.Pre));
                sink.Add(HtmlToken.Open(_language is null ? TagSpec.Code : TagSpec.CodeLanguage(_language)));
                _fenceOpened = true;
            }

            var content = hasBreak ? line + "\n" : line;
            if (content.Length > 0)
            {
                sink.Add(HtmlToken.Of(content));
            }

            return;
        }

        var quoteContent = QuoteContent(line);
        if (_inQuote && quoteContent < 0)
        {
            sink.Add(HtmlToken.Close(TagSpec.Blockquote));
            _inQuote = false;
        }

        if (TryOpenFence(line))
        {
            if (_inQuote)
            {
                sink.Add(HtmlToken.Close(TagSpec.Blockquote));
                _inQuote = false;
            }

            return;
        }

        if (quoteContent >= 0)
        {
            if (!_inQuote)
            {
                sink.Add(HtmlToken.Open(TagSpec.Blockquote));
                _inQuote = true;
            }

            InlineMarkdown.Render(line[quoteContent..], sink);
        }
        else
        {
            RenderPlainLine(line, sink);
        }

        if (hasBreak)
        {
            sink.Add(HtmlToken.Of("\n"));
        }
    }

    /// <summary>Closes whatever is open, as at the end of the answer.</summary>
    public void Finish(List<HtmlToken> sink)
    {
        if (_inQuote)
        {
            sink.Add(HtmlToken.Close(TagSpec.Blockquote));
            _inQuote = false;
        }

        if (_inFence)
        {
            CloseFence(sink);
        }
    }

    private void CloseFence(List<HtmlToken> sink)
    {
        if (_fenceOpened)
        {
            sink.Add(HtmlToken.Close(TagSpec.Code));
            sink.Add(HtmlToken.Close(TagSpec.Pre));
        }

        _inFence = false;
        _fenceOpened = false;
        _language = null;
    }

    private static void RenderPlainLine(string line, List<HtmlToken> sink)
    {
        var indent = 0;
        while (indent < line.Length && line[indent] is ' ' or '\t')
        {
            indent++;
        }

        if (indent < line.Length && line[indent] == '#')
        {
            var level = 1;
            while (indent + level < line.Length && line[indent + level] == '#')
            {
                level++;
            }

            var after = indent + level;
            if (level <= 6 && (after == line.Length || line[after] == ' ' || line[after] == '\t'))
            {
                var title = line[after..].Trim();
                if (title.Length > 0)
                {
                    sink.Add(HtmlToken.Open(TagSpec.Bold));
                    InlineMarkdown.Render(title, sink, insideBold: true);
                    sink.Add(HtmlToken.Close(TagSpec.Bold));
                }

                return;
            }
        }

        if (indent + 1 < line.Length && line[indent] is '-' or '*' or '+' && line[indent + 1] is ' ' or '\t')
        {
            sink.Add(HtmlToken.Of(line[..indent] + "•"));
            InlineMarkdown.Render(line[(indent + 1)..], sink);
            return;
        }

        InlineMarkdown.Render(line, sink);
    }

    /// <summary>Index where a quote line's content starts ("&gt; x" → 2), or -1.</summary>
    private static int QuoteContent(string line)
    {
        var i = 0;
        while (i < 3 && i < line.Length && line[i] == ' ')
        {
            i++;
        }

        if (i >= line.Length || line[i] != '>')
        {
            return -1;
        }

        i++;
        return i < line.Length && line[i] == ' ' ? i + 1 : i;
    }

    private bool TryOpenFence(string line)
    {
        var trimmed = line.AsSpan().TrimStart(" \t");
        if (trimmed.Length < 3 || trimmed[0] is not ('`' or '~'))
        {
            return false;
        }

        var c = trimmed[0];
        var length = 0;
        while (length < trimmed.Length && trimmed[length] == c)
        {
            length++;
        }

        var info = trimmed[length..].Trim();
        if (length < 3 || (c == '`' && info.Contains('`')))
        {
            return false;
        }

        var word = info.IndexOfAny(' ', '\t') is var space and >= 0 ? info[..space] : info;
        _inFence = true;
        _fenceOpened = false;
        _fenceChar = c;
        _fenceLength = length;
        _language = IsLanguage(word) ? word.ToString() : null;
        return true;
    }

    private readonly bool IsClosingFence(string line)
    {
        var trimmed = line.AsSpan().Trim(" \t\r");
        if (trimmed.Length < _fenceLength)
        {
            return false;
        }

        foreach (var ch in trimmed)
        {
            if (ch != _fenceChar)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLanguage(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || word.Length > 32)
        {
            return false;
        }

        foreach (var ch in word)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch is not ('_' or '+' or '#' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
