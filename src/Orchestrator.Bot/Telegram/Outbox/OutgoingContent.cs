using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// One Telegram message's content. <see cref="Html"/> is sent with parse_mode HTML; if Telegram cannot parse it the outbox
/// sends <see cref="PlainText"/> without a parse mode instead, so the text is never lost.
/// Equality is structural, including the keyboard.
/// </summary>
public sealed record OutgoingContent(string Html, string PlainText, InlineKeyboardMarkup? Markup = null)
{
    /// <summary>Content whose text has no markup at all (HTML-escaped for the HTML variant).</summary>
    public static OutgoingContent FromPlainText(string text, InlineKeyboardMarkup? markup = null) =>
        new(System.Net.WebUtility.HtmlEncode(text), text, markup);

    public bool Equals(OutgoingContent? other) =>
        other is not null
        && string.Equals(Html, other.Html, StringComparison.Ordinal)
        && string.Equals(PlainText, other.PlainText, StringComparison.Ordinal)
        && MarkupEquality.AreEqual(Markup, other.Markup);

    public override int GetHashCode() => HashCode.Combine(Html, PlainText, MarkupEquality.GetHashCode(Markup));
}
