namespace Orchestrator.Bot.Rendering;

/// <summary>[text](url) links: only http, https, tg and mailto URLs without spaces become links; the text is shown as is.</summary>
internal sealed partial class InlineMarkdown
{
    // Indexes of the current line, computed on its first link candidate (arrays reused from line to line).
    private int[] _nextCloseBracket = [];
    private int[] _nextCloseParen = [];
    private int[] _nextSpace = [];
    private bool _linksIndexed;

    /// <summary>Recognizes [text](url) at <paramref name="i"/>: <paramref name="close"/> is the index of ']'.</summary>
    private bool TryLink(int i, int end, out int close, out string url)
    {
        url = string.Empty;
        var s = _line;
        if (!_linksIndexed)
        {
            NextIndex(s, ref _nextCloseBracket, static c => c == ']');
            NextIndex(s, ref _nextCloseParen, static c => c == ')');
            NextIndex(s, ref _nextSpace, char.IsWhiteSpace);
            _linksIndexed = true;
        }

        close = _nextCloseBracket[i];
        if (close >= end - 1 || close == i + 1 || s[close + 1] != '(')
        {
            return false;
        }

        var paren = _nextCloseParen[close + 1];
        if (paren >= end || _nextSpace[close + 1] < paren)
        {
            return false;
        }

        url = s[(close + 2)..paren];
        return IsAllowedUrl(url);
    }

    internal static bool IsAllowedUrl(string url)
    {
        string[] schemes = ["http://", "https://", "tg://", "mailto:"];
        foreach (var scheme in schemes)
        {
            if (url.Length > scheme.Length && url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var ch in url)
                {
                    if (char.IsControl(ch) || char.IsWhiteSpace(ch))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }

    private void ResetLinks() => _linksIndexed = false;

    /// <summary>next[k] = the first index ≥ k matching, or s.Length (into <paramref name="next"/>, grown when too small).</summary>
    private static void NextIndex(string s, ref int[] next, Func<char, bool> match)
    {
        if (next.Length < s.Length + 1)
        {
            next = new int[Math.Max(s.Length + 1, 2 * next.Length)];
        }

        next[s.Length] = s.Length;
        for (var k = s.Length - 1; k >= 0; k--)
        {
            next[k] = match(s[k]) ? k : next[k + 1];
        }
    }
}
