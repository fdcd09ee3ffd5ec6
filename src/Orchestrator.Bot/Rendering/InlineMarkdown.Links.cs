namespace Orchestrator.Bot.Rendering;

/// <summary>[text](url) links: only http, https, tg and mailto URLs without spaces become links; the text is shown as is.</summary>
internal sealed partial class InlineMarkdown
{
    private int[]? _nextCloseBracket;
    private int[]? _nextCloseParen;
    private int[]? _nextSpace;

    /// <summary>Recognizes [text](url) at <paramref name="i"/>: <paramref name="close"/> is the index of ']'.</summary>
    private bool TryLink(int i, int end, out int close, out string url)
    {
        url = string.Empty;
        var s = _line;
        _nextCloseBracket ??= NextIndex(s, c => c == ']');
        close = _nextCloseBracket[i];
        if (close >= end - 1 || close == i + 1 || s[close + 1] != '(')
        {
            return false;
        }

        _nextCloseParen ??= NextIndex(s, c => c == ')');
        _nextSpace ??= NextIndex(s, char.IsWhiteSpace);
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

    private static int[] NextIndex(string s, Func<char, bool> match)
    {
        var next = new int[s.Length + 1];
        next[s.Length] = s.Length;
        for (var k = s.Length - 1; k >= 0; k--)
        {
            next[k] = match(s[k]) ? k : next[k + 1];
        }

        return next;
    }
}
