namespace Orchestrator.Bot.Rendering;

/// <summary>
/// Renders an agent's answer (Markdown as LLMs write it) to Telegram HTML that Telegram always accepts:
/// fenced code blocks → &lt;pre&gt;&lt;code class="language-x"&gt; (an unterminated fence is shown as a code block),
/// `code`, **bold**, *italic* / _italic_, ~~strike~~, [text](url) for http/https/tg/mailto URLs, headings → bold
/// lines, "- item" → "• item", "&gt; quote" lines → &lt;blockquote&gt;. Everything else is escaped text; markers that
/// do not pair up within their line are shown literally.
/// </summary>
public static class TelegramHtmlRenderer
{
    /// <summary>The whole answer as one HTML string, without the page limit.</summary>
    public static string Render(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var paginator = new Paginator(int.MaxValue);
        paginator.AddRange(Tokens(markdown));
        paginator.Finish();
        return paginator.CompletedPages.Count == 0 ? string.Empty : paginator.CompletedPages[0].Html;
    }

    /// <summary>The answer cut into Telegram messages (see <see cref="PageOptions"/>); none if nothing is visible.</summary>
    public static IReadOnlyList<RenderedPage> RenderPages(string markdown, PageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = new StreamingDocument(options);
        document.Append(markdown);
        return document.GetPages();
    }

    /// <summary>
    /// Fallback for when Telegram rejects the HTML anyway: the same pages as plain text (send without parse mode).
    /// Page k of the fallback shows exactly what page k of <see cref="RenderPages"/> shows, without formatting.
    /// </summary>
    public static IReadOnlyList<string> ToPlainText(string markdown, PageOptions? options = null) =>
        RenderPages(markdown, options).Select(page => page.PlainText).ToList();

    internal static List<HtmlToken> Tokens(string markdown)
    {
        var tokens = new List<HtmlToken>();
        var scanner = default(BlockScanner);
        var start = 0;
        while (start <= markdown.Length)
        {
            var lineBreak = markdown.IndexOf('\n', start);
            if (lineBreak < 0)
            {
                if (start < markdown.Length)
                {
                    scanner.ProcessLine(markdown[start..], hasBreak: false, tokens);
                }

                break;
            }

            scanner.ProcessLine(markdown[start..lineBreak], hasBreak: true, tokens);
            start = lineBreak + 1;
        }

        scanner.Finish(tokens);
        return tokens;
    }
}
