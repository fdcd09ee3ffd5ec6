using Orchestrator.Bot.Rendering;
using Orchestrator.Bot.Security;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// What the user sees of a turn: the answer so far (Markdown rendered to Telegram HTML, split into pages, rendered
/// incrementally) and, on the last page, a status footer (what the agent is doing, or how the turn ended).
/// The bot's secrets never enter the answer: each delta passes the <see cref="SecretRedactor"/>, and an end of the text
/// that may be the start of a secret split across deltas is held back until the next delta (or the end) decides.
/// Not thread-safe: the turn runner serializes access.
/// </summary>
public sealed class LiveReply(SecretRedactor? redactor = null)
{
    /// <summary>Room kept free on every page for the footer.</summary>
    public const int FooterReserve = 240;

    private const int MaxFooterText = 200;

    private readonly StreamingDocument _answer = new(new PageOptions(Reserve: FooterReserve));
    private readonly SecretRedactor _redactor = redactor ?? SecretRedactor.None;
    private string? _currentItemId;

    // The end of the text received that may be the beginning of a secret; not in _answer yet.
    private string _heldBack = "";

    /// <summary>The current activity, e.g. "⚙️ Running: npm test". Null: "working".</summary>
    public string? Activity { get; set; }

    public bool HasText => _answer.Length > 0 || _heldBack.Length > 0;

    /// <summary>
    /// The answer text as received, secrets redacted (all agent messages of the turn, separated by a blank line).
    /// Complete after <see cref="RenderFinal"/>.
    /// </summary>
    public string Text => _answer.Text;

    public void AppendText(string itemId, string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        if (_currentItemId is not null && _currentItemId != itemId && HasText)
        {
            ReleaseHeldBack();
            _answer.Append("\n\n");
        }

        _currentItemId = itemId;
        AppendRedacted(delta);
    }

    private void AppendRedacted(string delta)
    {
        // The usual delta: nothing held back, no secret in it, and its end cannot start one: appended as it is, no allocation.
        if (_heldBack.Length == 0 && !_redactor.Contains(delta) && _redactor.PossibleSecretStart(delta) == 0)
        {
            _answer.Append(delta);
            return;
        }

        // Redact first, then hold back: a secret completed by this delta is replaced whole. The held-back end is at most
        // one secret long, so this costs O(delta + secret), never O(answer).
        var text = _redactor.Redact(_heldBack + delta);
        var hold = _redactor.PossibleSecretStart(text);
        _answer.Append(text[..^hold]);
        _heldBack = text[^hold..];
    }

    private void ReleaseHeldBack()
    {
        // The text ended (or the message changed) before the secret did: what was held back was no secret.
        if (_heldBack.Length > 0)
        {
            _answer.Append(_heldBack);
            _heldBack = "";
        }
    }

    /// <summary>The pages while the turn runs: footer with the activity, and the Stop button.</summary>
    public IReadOnlyList<OutgoingContent> RenderRunning(InlineKeyboardMarkup? stopButton) =>
        Render("⏳ " + (Activity ?? "Working…"), stopButton);

    /// <summary>The final pages. <paramref name="footer"/> is null for a normal completion. Ends the text (<see cref="Text"/>).</summary>
    public IReadOnlyList<OutgoingContent> RenderFinal(string? footer)
    {
        ReleaseHeldBack();
        return Render(footer ?? (HasText ? null : "✅ Done (no text answer)."), null);
    }

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

    private OutgoingContent WithFooter(string html, string plain, string? footer, InlineKeyboardMarkup? markup)
    {
        if (string.IsNullOrEmpty(footer))
        {
            return new OutgoingContent(html, plain, markup);
        }

        // The footer shows agent text too (the command it runs, the error it failed with).
        footer = Truncate(_redactor.Redact(footer), MaxFooterText);
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
