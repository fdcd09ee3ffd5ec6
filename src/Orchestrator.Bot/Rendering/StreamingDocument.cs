using System.Collections;
using System.Text;

namespace Orchestrator.Bot.Rendering;

/// <summary>
/// Incremental rendering of an answer that arrives in deltas. <see cref="Append"/> only stores the text (one growing
/// buffer, amortised: no copy or object per delta) and notes where lines end; the work happens when pages are asked
/// for. Every complete line is then rendered once and fed into the pagination; pages completed by such lines are
/// frozen and never change again. A snapshot re-renders only the incomplete last line plus whatever closes open
/// elements, on a copy of the open page, so its cost does not grow with the length of the answer.
/// <see cref="GetPages"/> always equals <see cref="TelegramHtmlRenderer.RenderPages"/> of the text appended so far,
/// however it was chunked. Not thread-safe: one writer appends and takes snapshots (the caller serializes them).
/// </summary>
public sealed class StreamingDocument
{
    private readonly Paginator _committed;
    private readonly StringBuilder _text = new();
    private readonly List<int> _lineBreaks = []; // positions in _text of the line breaks not rendered yet
    private readonly List<HtmlToken> _scratch = [];
    private BlockScanner _scanner;
    private int _rendered; // _text[.._rendered] is rendered into _committed: complete lines only
    private IReadOnlyList<RenderedPage>? _snapshot;

    public StreamingDocument(PageOptions? options = null)
    {
        _committed = new Paginator(options ?? PageOptions.Default);
    }

    /// <summary>Characters appended so far.</summary>
    public long Length => _text.Length;

    /// <summary>Everything appended so far, as one string (allocates it).</summary>
    public string Text => _text.ToString();

    /// <summary>Pages that are final: later deltas cannot change them (send them once and move on).</summary>
    public int FrozenPageCount
    {
        get
        {
            RenderCompleteLines();
            return _committed.CompletedPages.Count;
        }
    }

    public void Append(string delta) => Append(delta.AsSpan());

    public void Append(ReadOnlySpan<char> delta)
    {
        if (delta.IsEmpty)
        {
            return;
        }

        var offset = _text.Length;
        _text.Append(delta);
        _snapshot = null;
        for (var at = delta.IndexOf('\n'); at >= 0;)
        {
            _lineBreaks.Add(offset + at);
            var next = delta[(at + 1)..].IndexOf('\n');
            at = next < 0 ? -1 : at + 1 + next;
        }
    }

    /// <summary>
    /// The pages for the text so far, as if it ended here (an open code fence is shown as a code block). A high
    /// surrogate at the very end (the first half of a pair whose second half has not arrived) is not shown yet.
    /// </summary>
    public IReadOnlyList<RenderedPage> GetPages()
    {
        if (_snapshot is not null)
        {
            return _snapshot;
        }

        RenderCompleteLines();
        var tail = _committed.CloneOpenPage();
        var scanner = _scanner; // a copy: the tail must not change the committed state
        _scratch.Clear();
        // Half of a surrogate pair split across deltas is held back until the other half arrives.
        var partial = _text.Length - _rendered;
        if (partial > 0 && char.IsHighSurrogate(_text[_text.Length - 1]))
        {
            partial--;
        }

        if (partial > 0)
        {
            scanner.ProcessLine(_text.ToString(_rendered, partial), hasBreak: false, _scratch);
        }

        scanner.Finish(_scratch);
        tail.AddRange(_scratch);
        tail.Finish();
        _snapshot = new PageList(_committed.CompletedPages, _committed.CompletedPages.Count, tail.CompletedPages);
        return _snapshot;
    }

    /// <summary>Renders the lines completed since the last call, once each, into the committed pages.</summary>
    private void RenderCompleteLines()
    {
        foreach (var lineBreak in _lineBreaks)
        {
            var line = _text.ToString(_rendered, lineBreak - _rendered);
            _scratch.Clear();
            _scanner.ProcessLine(line, hasBreak: true, _scratch);
            _committed.AddRange(_scratch);
            _rendered = lineBreak + 1;
        }

        _lineBreaks.Clear();
    }

    /// <summary>Frozen pages (shared, append-only list; only the first <c>frozenCount</c> are ours) followed by the tail's pages.</summary>
    private sealed class PageList(IReadOnlyList<RenderedPage> frozen, int frozenCount, IReadOnlyList<RenderedPage> tail)
        : IReadOnlyList<RenderedPage>
    {
        public int Count => frozenCount + tail.Count;

        public RenderedPage this[int index] =>
            (uint)index >= (uint)Count ? throw new ArgumentOutOfRangeException(nameof(index))
            : index < frozenCount ? frozen[index] : tail[index - frozenCount];

        public IEnumerator<RenderedPage> GetEnumerator()
        {
            for (var k = 0; k < Count; k++)
            {
                yield return this[k];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
