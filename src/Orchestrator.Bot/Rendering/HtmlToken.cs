namespace Orchestrator.Bot.Rendering;

/// <summary>A Telegram HTML element kind with its exact start tag (attributes already escaped).</summary>
internal sealed record TagSpec(string Name, string OpenHtml)
{
    public static readonly TagSpec Bold = new("b", "<b>");
    public static readonly TagSpec Italic = new("i", "<i>");
    public static readonly TagSpec Strike = new("s", "<s>");
    public static readonly TagSpec Code = new("code", "<code>");
    public static readonly TagSpec Pre = new("pre", "<pre>");
    public static readonly TagSpec Blockquote = new("blockquote", "<blockquote>");

    public string CloseHtml { get; } = $"</{Name}>";

    public static TagSpec Link(string href) => new("a", $"<a href=\"{HtmlText.EscapeAttribute(href)}\">");

    public static TagSpec CodeLanguage(string language) =>
        new("code", $"<code class=\"language-{HtmlText.EscapeAttribute(language)}\">");
}

internal enum TokenKind
{
    Text,
    Open,
    Close,
}

/// <summary>A piece of rendered output: visible text (unescaped) or an element boundary.</summary>
internal readonly record struct HtmlToken(TokenKind Kind, string? Text, TagSpec? Tag)
{
    public static HtmlToken Of(string text) => new(TokenKind.Text, text, null);

    public static HtmlToken Open(TagSpec tag) => new(TokenKind.Open, null, tag);

    public static HtmlToken Close(TagSpec tag) => new(TokenKind.Close, null, tag);
}
