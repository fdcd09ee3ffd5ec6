using Orchestrator.Bot.Rendering;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// What the user sees of a turn: the answer so far (Markdown rendered to Telegram HTML, split into pages, rendered
/// incrementally) and, on the last page, a status footer (what the agent is doing, or how the turn ended).
/// Not thread-safe: the turn runner serializes access.
/// </summary>
public sealed class LiveReply
{
    /// <summary>Room kept free on every page for the footer.</summary>
    public const int FooterReserve = 240;

    private const int MaxFooterText = 200;

    private readonly StreamingDocument _answer = new(new PageOptions(Reserve: FooterReserve));
    private string? _currentItemId;

    /// <summary>The current activity, e.g. "⚙️ Running: npm test". Null: "working".</summary>
    public string? Activity { get; set; }

    public bool HasText => _answer.Length > 0;

    /// <summary>The answer text as received (all agent messages of the turn, separated by a blank line).</summary>
    public string Text => _answer.Text;

    public void AppendText(string itemId, string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        if (_currentItemId is not null && _currentItemId != itemId && _answer.Length > 0)
        {
            _answer.Append("\n\n");
        }

        _currentItemId = itemId;
        _answer.Append(delta);
    }

    /// <summary>The pages while the turn runs: footer with the activity, and the Stop button.</summary>
    public IReadOnlyList<OutgoingContent> RenderRunning(InlineKeyboardMarkup? stopButton) =>
        Render("⏳ " + (Activity ?? "Working…"), stopButton);

    /// <summary>The final pages. <paramref name="footer"/> is null for a normal completion.</summary>
    public IReadOnlyList<OutgoingContent> RenderFinal(string? footer) =>
        Render(footer ?? (HasText ? null : "✅ Done (no text answer)."), null);

    private List<OutgoingContent> Render(string? footer, InlineKeyboardMarkup? markup)
    {
        var pages = _answer.GetPages();
        var result = new List<OutgoingContent>(Math.Max(1, pages.Count));
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var last = i == pages.Count - 1;
            result.Add(last ? WithFooter(page.Html, page.PlainText, footer, markup) : new OutgoingContent(page.Html, page.PlainText));
        }

        if (result.Count == 0)
        {
            result.Add(WithFooter("", "", footer ?? "…", markup));
        }

        return result;
    }

    private static OutgoingContent WithFooter(string html, string plain, string? footer, InlineKeyboardMarkup? markup)
    {
        if (string.IsNullOrEmpty(footer))
        {
            return new OutgoingContent(html, plain, markup);
        }

        footer = Truncate(footer, MaxFooterText);
        var separator = html.Length == 0 ? "" : "\n\n";
        return new OutgoingContent(
            html + separator + "<i>" + HtmlText.Escape(footer) + "</i>",
            plain + separator + footer,
            markup);
    }

    public static string Truncate(string text, int max)
    {
        text = text.ReplaceLineEndings(" ");
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }
}
