namespace Orchestrator.Bot.Rendering;

/// <summary>One Telegram message worth of rendered output.</summary>
/// <param name="Html">Valid Telegram HTML (parse_mode HTML); every tag opened on the page is closed on it.</param>
/// <param name="PlainText">The visible text of <paramref name="Html"/>: send it without parse mode if Telegram rejects the HTML.</param>
public sealed record RenderedPage(string Html, string PlainText)
{
    /// <summary>Visible length in UTF-16 code units, as Telegram counts it.</summary>
    public int Length => PlainText.Length;
}
