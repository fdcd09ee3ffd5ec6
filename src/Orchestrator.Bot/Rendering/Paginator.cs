using System.Text;

namespace Orchestrator.Bot.Rendering;

/// <summary>
/// Cuts a token stream into pages of at most <see cref="PageOptions.MaxVisible"/> visible characters.
/// When a page overflows it is cut after the last line break in its second half, else after the last space there,
/// else hard at the limit (never between the two halves of a surrogate pair). The break character stays at the end
/// of the earlier page. Elements open at the cut are closed at the end of the page and reopened, with the same
/// attributes, at the start of the next. Text is escaped only when a page is written, so a cut can never fall
/// inside a tag or an entity. The result depends only on the token sequence, never on how it was fed.
/// </summary>
internal sealed partial class Paginator
{
    private readonly int _max;
    private readonly List<RenderedPage> _pages;
    private readonly List<HtmlToken> _current; // the open page, starting with the reopened tags
    private readonly List<TagSpec> _stack; // elements open at the end of _current
    private int _length; // visible length of _current

    public Paginator(PageOptions options)
        : this(options.MaxVisible)
    {
    }

    public Paginator(int maxVisible)
        : this(maxVisible, [], [], [], 0)
    {
    }

    private Paginator(int max, List<RenderedPage> pages, List<HtmlToken> current, List<TagSpec> stack, int length)
    {
        _max = max;
        _pages = pages;
        _current = current;
        _stack = stack;
        _length = length;
    }

    /// <summary>Pages completed so far (append-only).</summary>
    public IReadOnlyList<RenderedPage> CompletedPages => _pages;

    /// <summary>A copy of the open page (not of the completed pages) to feed a provisional tail into.</summary>
    public Paginator CloneOpenPage() => new(_max, [], [.. _current], [.. _stack], _length);

    public void Add(HtmlToken token)
    {
        switch (token.Kind)
        {
            case TokenKind.Open:
                _current.Add(token);
                _stack.Add(token.Tag!);
                break;
            case TokenKind.Close:
                if (_stack.Count == 0 || _stack[^1].Name != token.Tag!.Name)
                {
                    throw new InvalidOperationException($"Unbalanced close of <{token.Tag!.Name}>.");
                }

                _current.Add(token);
                _stack.RemoveAt(_stack.Count - 1);
                break;
            default:
                AddText(token.Text!);
                break;
        }
    }

    public void AddRange(List<HtmlToken> tokens)
    {
        foreach (var token in tokens)
        {
            Add(token);
        }
    }

    /// <summary>Ends the stream: the open page, if it shows anything, becomes the last page.</summary>
    public void Finish()
    {
        if (_length > 0)
        {
            _pages.Add(Write(_current, _current.Count, _stack));
        }

        _current.Clear();
        _length = 0;
    }

    private void AddText(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var room = _max - _length;
            if (rest.Length <= room)
            {
                _current.Add(HtmlToken.Of(rest.Length == text.Length ? text : rest.ToString()));
                _length += rest.Length;
                return;
            }

            var cut = FindCut(rest[..room]);
            if (cut > _length)
            {
                var take = cut - _length;
                _current.Add(HtmlToken.Of(rest[..take].ToString()));
                _length = cut;
                rest = rest[take..];
                CutAt(cut);
            }
            else
            {
                CutAt(cut);
            }
        }
    }

    /// <summary>The visible position to cut the page at, given the text that would fill it to the limit.</summary>
    private int FindCut(ReadOnlySpan<char> fill)
    {
        var minimum = _max / 2;
        foreach (var separator in "\n ")
        {
            var inFill = fill.LastIndexOf(separator);
            if (inFill >= 0 && _length + inFill + 1 >= minimum)
            {
                return _length + inFill + 1;
            }

            if (inFill < 0)
            {
                var inPage = LastIndexInPage(separator);
                if (inPage >= 0 && inPage + 1 >= minimum)
                {
                    return inPage + 1;
                }
            }
        }

        var hard = _max;
        var last = hard - _length - 1;
        var before = last >= 0 ? fill[last] : CharAt(hard - 1);
        return char.IsHighSurrogate(before) ? hard - 1 : hard;
    }

    private int LastIndexInPage(char separator)
    {
        var end = _length;
        for (var k = _current.Count - 1; k >= 0; k--)
        {
            if (_current[k].Kind != TokenKind.Text)
            {
                continue;
            }

            var text = _current[k].Text!;
            end -= text.Length;
            var index = text.LastIndexOf(separator);
            if (index >= 0)
            {
                return end + index;
            }
        }

        return -1;
    }

    private char CharAt(int position)
    {
        var start = 0;
        foreach (var token in _current)
        {
            if (token.Kind == TokenKind.Text)
            {
                if (position < start + token.Text!.Length)
                {
                    return token.Text[position - start];
                }

                start += token.Text.Length;
            }
        }

        throw new InvalidOperationException("Position beyond the page.");
    }

    /// <summary>Cuts the open page at visible position <paramref name="cut"/> (0 &lt; cut ≤ length).</summary>
    private void CutAt(int cut)
    {
        // Find the token index where the cut falls; split a text token if the cut is inside it.
        var position = 0;
        var index = 0;
        while (index < _current.Count)
        {
            var token = _current[index];
            if (token.Kind == TokenKind.Text)
            {
                var text = token.Text!;
                if (position + text.Length > cut)
                {
                    var inside = cut - position;
                    _current[index] = HtmlToken.Of(text[..inside]);
                    _current.Insert(index + 1, HtmlToken.Of(text[inside..]));
                    index++;
                    break;
                }

                position += text.Length;
            }
            else if (token.Kind == TokenKind.Open && position == cut)
            {
                break; // elements opening right at the cut start on the next page
            }

            index++;
        }

        // Elements open at the cut point.
        var openAtCut = new List<TagSpec>();
        for (var k = 0; k < index; k++)
        {
            if (_current[k].Kind == TokenKind.Open)
            {
                openAtCut.Add(_current[k].Tag!);
            }
            else if (_current[k].Kind == TokenKind.Close)
            {
                openAtCut.RemoveAt(openAtCut.Count - 1);
            }
        }

        _pages.Add(Write(_current, index, openAtCut));
        var carried = _current.GetRange(index, _current.Count - index);
        _current.Clear();
        foreach (var tag in openAtCut)
        {
            _current.Add(HtmlToken.Open(tag));
        }

        _current.AddRange(carried);
        _length -= cut;
    }
}
