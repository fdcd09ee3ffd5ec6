namespace Orchestrator.Bot.Rendering;

/// <summary>
/// Reuse: one renderer per thread renders line after line; its per-line indexes (run lengths, closers, link indexes)
/// are cleared, not reallocated, so a line costs only the tokens it produces.
/// </summary>
internal sealed partial class InlineMarkdown
{
    // One renderer per thread, reused line after line: its index arrays and lists are cleared, not reallocated.
    [ThreadStatic]
    private static InlineMarkdown? t_reusable;

    private void Start(string line, List<HtmlToken> sink)
    {
        _line = line;
        _sink = sink;
        if (_runLength.Length < line.Length)
        {
            _runLength = new int[Math.Max(line.Length, 2 * _runLength.Length)];
        }
        else
        {
            Array.Clear(_runLength, 0, line.Length);
        }

        if (_closers.Count > 64)
        {
            _closers.Clear(); // many distinct run lengths seen: do not keep them all
        }

        foreach (var list in _closers.Values)
        {
            list.Clear();
        }

        _formatting.Clear();
        ResetLinks();
        IndexRuns();
    }
}
