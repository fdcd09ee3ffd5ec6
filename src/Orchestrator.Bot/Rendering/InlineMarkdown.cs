namespace Orchestrator.Bot.Rendering;

/// <summary>
/// Inline Markdown of one line: `code`, **bold**, *italic*, _italic_, ***both***, ~~strike~~, [text](url), \-escapes.
/// Markers only pair within the line; a marker without a partner is shown literally. The output is balanced by
/// construction (each element is emitted as open, recursively rendered inside, close). Closing markers are found
/// through a per-line index, so a line costs O(n log n) whatever its content.
/// </summary>
internal sealed partial class InlineMarkdown
{
    private const int MaxDepth = 6;
    private static readonly System.Buffers.SearchValues<char> Markers = System.Buffers.SearchValues.Create("*_~`[\\");

    [Flags]
    private enum Open
    {
        None = 0,
        Bold = 1,
        Italic = 2,
        Strike = 4,
    }

    private readonly Dictionary<(char, int), List<int>> _closers = new(); // lists kept (cleared) between lines
    private readonly List<TagSpec> _formatting = []; // b/i/s elements open around the current position
    private string _line = string.Empty;
    private List<HtmlToken> _sink = [];
    private int[] _runLength = []; // at a run start: its length; 0 elsewhere (first _line.Length entries)

    private InlineMarkdown()
    {
    }

    /// <summary>Renders <paramref name="text"/> (no line breaks) as inline Markdown, appending tokens.</summary>
    public static void Render(string text, List<HtmlToken> sink, bool insideBold = false)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (text.AsSpan().IndexOfAny(Markers) < 0)
        {
            sink.Add(HtmlToken.Of(text));
            return;
        }

        var renderer = t_reusable ?? new InlineMarkdown();
        t_reusable = null; // taken: a nested call (there is none today) would get a new one
        try
        {
            renderer.Start(text, sink);
            if (insideBold)
            {
                renderer._formatting.Add(TagSpec.Bold);
            }

            renderer.RenderRange(0, text.Length, insideBold ? Open.Bold : Open.None, 0);
        }
        finally
        {
            renderer._line = string.Empty;
            renderer._sink = [];
            t_reusable = renderer;
        }
    }

    private void IndexRuns()
    {
        var s = _line;
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length && IsAsciiPunctuation(s[i + 1]))
            {
                i += 2;
                continue;
            }

            if (c is not ('*' or '_' or '~' or '`'))
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < s.Length && s[end] == c)
            {
                end++;
            }

            var length = end - i;
            _runLength[i] = length;
            if (c == '`' || CanClose(c, i, end))
            {
                if (!_closers.TryGetValue((c, length), out var list))
                {
                    _closers[(c, length)] = list = [];
                }

                list.Add(i);
            }

            i = end;
        }
    }

    private bool CanOpen(char c, int start, int end)
    {
        if (end >= _line.Length || char.IsWhiteSpace(_line[end]))
        {
            return false;
        }

        return c != '_' || start == 0 || !char.IsLetterOrDigit(_line[start - 1]);
    }

    private bool CanClose(char c, int start, int end)
    {
        if (start == 0 || char.IsWhiteSpace(_line[start - 1]))
        {
            return false;
        }

        return c != '_' || end >= _line.Length || !char.IsLetterOrDigit(_line[end]);
    }

    private int FindCloser(char c, int length, int from, int limit)
    {
        if (!_closers.TryGetValue((c, length), out var list))
        {
            return -1;
        }

        var index = list.BinarySearch(from);
        if (index < 0)
        {
            index = ~index;
        }

        return index < list.Count && list[index] + length <= limit ? list[index] : -1;
    }

    private void RenderRange(int start, int end, Open open, int depth)
    {
        var s = _line;
        var textStart = start;
        var i = start;
        while (i < end)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < end && IsAsciiPunctuation(s[i + 1]))
            {
                Flush(textStart, i);
                textStart = i + 1; // the escaped character starts the next literal run
                i += 2;
                continue;
            }

            if (c == '[' && TryLink(i, end, out var close, out var url))
            {
                Flush(textStart, i);
                var link = TagSpec.Link(url);
                _sink.Add(HtmlToken.Open(link));
                _sink.Add(HtmlToken.Of(s[(i + 1)..close]));
                _sink.Add(HtmlToken.Close(link));
                i = textStart = close + url.Length + 3;
                continue;
            }

            var length = c is '*' or '_' or '~' or '`' ? _runLength[i] : 0;
            if (length == 0)
            {
                i++;
                continue;
            }

            if (c == '`')
            {
                var closer = FindCloser('`', length, i + length, end);
                if (closer > 0)
                {
                    Flush(textStart, i);
                    EmitCode(s[(i + length)..closer]);
                    i = textStart = closer + length;
                    continue;
                }

                i += length;
                continue;
            }

            var tags = (c, length) switch
            {
                ('~', 2) => Open.Strike,
                ('~', _) => Open.None,
                (_, 1) => Open.Italic,
                (_, 2) => Open.Bold,
                (_, 3) => Open.Bold | Open.Italic,
                _ => Open.None,
            };
            if (tags != Open.None && depth < MaxDepth && CanOpen(c, i, i + length))
            {
                var closer = FindCloser(c, length, i + length, end);
                if (closer > 0)
                {
                    // Markers pair up even inside the same formatting (a bold heading with **x**); only new tags are emitted.
                    var added = tags & ~open;
                    Flush(textStart, i);
                    EmitOpen(added);
                    RenderRange(i + length, closer, open | tags, depth + 1);
                    EmitClose(added);
                    i = textStart = closer + length;
                    continue;
                }
            }

            i += length;
        }

        Flush(textStart, end);
    }

    private void Flush(int from, int to)
    {
        if (to > from)
        {
            _sink.Add(HtmlToken.Of(_line[from..to]));
        }
    }

    /// <summary>
    /// Telegram does not allow code inside bold/italic/strike: the formatting is closed around the code span and
    /// reopened after it ("**see `x`**" → &lt;b&gt;see &lt;/b&gt;&lt;code&gt;x&lt;/code&gt;).
    /// </summary>
    private void EmitCode(string code)
    {
        for (var k = _formatting.Count - 1; k >= 0; k--)
        {
            _sink.Add(HtmlToken.Close(_formatting[k]));
        }

        _sink.Add(HtmlToken.Open(TagSpec.Code));
        _sink.Add(HtmlToken.Of(code));
        _sink.Add(HtmlToken.Close(TagSpec.Code));
        foreach (var tag in _formatting)
        {
            _sink.Add(HtmlToken.Open(tag));
        }
    }

    private void Push(TagSpec tag)
    {
        _sink.Add(HtmlToken.Open(tag));
        _formatting.Add(tag);
    }

    private void Pop(TagSpec tag)
    {
        _sink.Add(HtmlToken.Close(tag));
        _formatting.RemoveAt(_formatting.Count - 1);
    }

    private void EmitOpen(Open tags)
    {
        if ((tags & Open.Bold) != 0)
        {
            Push(TagSpec.Bold);
        }

        if ((tags & Open.Italic) != 0)
        {
            Push(TagSpec.Italic);
        }

        if ((tags & Open.Strike) != 0)
        {
            Push(TagSpec.Strike);
        }
    }

    private void EmitClose(Open tags)
    {
        if ((tags & Open.Strike) != 0)
        {
            Pop(TagSpec.Strike);
        }

        if ((tags & Open.Italic) != 0)
        {
            Pop(TagSpec.Italic);
        }

        if ((tags & Open.Bold) != 0)
        {
            Pop(TagSpec.Bold);
        }
    }

    private static bool IsAsciiPunctuation(char c) => (c < 128 && char.IsPunctuation(c)) || c is '`' or '~' or '^' or '+' or '<' or '>' or '=' or '|' or '$';
}
