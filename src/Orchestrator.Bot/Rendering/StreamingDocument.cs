using System.Collections;
using System.Text;

namespace Orchestrator.Bot.Rendering;

/// <summary>
/// Incremental rendering of an answer that arrives in deltas. Every line is rendered once, when its line break
/// arrives, and fed into the pagination; pages completed by such lines are frozen and never change again. A snapshot
/// re-renders only the incomplete last line plus whatever closes open elements, on a copy of the open page, so its
/// cost does not grow with the length of the answer. <see cref="GetPages"/> always equals
/// <see cref="TelegramHtmlRenderer.RenderPages"/> of the text appended so far, however it was chunked.
/// Not thread-safe: one writer (the turn's event loop) appends and takes snapshots.
/// </summary>
public sealed class StreamingDocument
{
    private readonly Paginator _committed;
    private readonly StringBuilder _partialLine = new();
    private readonly List<HtmlToken> _scratch = [];
    private BlockScanner _scanner;
    private IReadOnlyList<RenderedPage>? _snapshot;

    public StreamingDocument(PageOptions? options = null)
    {
        _committed = new Paginator(options ?? PageOptions.Default);
    }

    /// <summary>Characters appended so far.</summary>
    public long Length { get; private set; }

    /// <summary>Pages that are final: later deltas cannot change them (send them once and move on).</summary>
    public int FrozenPageCount => _committed.CompletedPages.Count;

    public void Append(string delta) => Append(delta.AsSpan());

    public void Append(ReadOnlySpan<char> delta)
    {
        if (delta.IsEmpty)
        {
            return;
        }

        Length += delta.Length;
        _snapshot = null;
        while (!delta.IsEmpty)
        {
            var lineBreak = delta.IndexOf('\n');
            if (lineBreak < 0)
            {
                _partialLine.Append(delta);
                return;
            }

            _partialLine.Append(delta[..lineBreak]);
            var line = _partialLine.ToString();
            _partialLine.Clear();
            _scratch.Clear();
            _scanner.ProcessLine(line, hasBreak: true, _scratch);
            _committed.AddRange(_scratch);
            delta = delta[(lineBreak + 1)..];
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

        var tail = _committed.CloneOpenPage();
        var scanner = _scanner; // a copy: the tail must not change the committed state
        _scratch.Clear();
        // Half of a surrogate pair split across deltas is held back until the other half arrives.
        var partial = _partialLine.Length;
        if (partial > 0 && char.IsHighSurrogate(_partialLine[partial - 1]))
        {
            partial--;
        }

        if (partial > 0)
        {
            scanner.ProcessLine(_partialLine.ToString(0, partial), hasBreak: false, _scratch);
        }

        scanner.Finish(_scratch);
        tail.AddRange(_scratch);
        tail.Finish();
        _snapshot = new PageList(_committed.CompletedPages, _committed.CompletedPages.Count, tail.CompletedPages);
        return _snapshot;
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
