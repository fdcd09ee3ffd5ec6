using System.Net;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Orchestrator.Bot.Rendering;

namespace Orchestrator.Benchmarks.PackageCandidates;

/// <summary>
/// A minimal Markdig-based renderer to Telegram HTML, written only to measure Markdig against the hand-written
/// <see cref="TelegramHtmlRenderer"/> / <see cref="StreamingDocument"/> (docs/architecture.md). Not used by the bot.
/// Telegram accepts only b, i, u, s, code, pre, a, blockquote and tg-spoiler, so Markdig's HtmlRenderer cannot be
/// used as it is: this walks Markdig's syntax tree and writes the same mapping as the product renderer (headings →
/// bold lines, "- item" → "• item", fences → pre/code with the language, quotes → blockquote, links for http/https/
/// tg/mailto only, raw HTML escaped). Pages: the product's <see cref="MessageSplitter"/> over the HTML.
/// </summary>
internal static class MarkdigTelegramRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseEmphasisExtras().Build();

    [ThreadStatic]
    private static StringBuilder? t_html;

    public static string Render(string markdown)
    {
        var html = t_html ??= new StringBuilder(4096);
        html.Clear();
        var document = Markdown.Parse(markdown, Pipeline);
        WriteBlocks(document, html);
        TrimEnd(html);
        return html.ToString();
    }

    public static IReadOnlyList<RenderedPage> RenderPages(string markdown, PageOptions? options = null) =>
        MessageSplitter.Split(Render(markdown), options);

    private static void WriteBlocks(ContainerBlock container, StringBuilder html)
    {
        foreach (var block in container)
        {
            WriteBlock(block, html);
        }
    }

    private static void WriteBlock(Block block, StringBuilder html)
    {
        switch (block)
        {
            case HeadingBlock heading:
                html.Append("<b>");
                WriteInlines(heading.Inline, html);
                html.Append("</b>\n\n");
                break;
            case ParagraphBlock paragraph:
                WriteInlines(paragraph.Inline, html);
                html.Append(paragraph.Parent is ListItemBlock ? "\n" : "\n\n");
                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    html.Append(list.IsOrdered ? $"{number++}. " : "• ");
                    WriteBlocks(item, html);
                }

                html.Append('\n');
                break;
            case QuoteBlock quote:
                html.Append("<blockquote>");
                var before = html.Length;
                WriteBlocks(quote, html);
                TrimEnd(html, before);
                html.Append("</blockquote>\n\n");
                break;
            case FencedCodeBlock fenced:
                html.Append(string.IsNullOrEmpty(fenced.Info) ? "<pre><code>" : $"<pre><code class=\"language-{Escape(fenced.Info)}\">");
                WriteLines(fenced, html);
                html.Append("</code></pre>\n\n");
                break;
            case CodeBlock code:
                html.Append("<pre><code>");
                WriteLines(code, html);
                html.Append("</code></pre>\n\n");
                break;
            case ThematicBreakBlock:
                html.Append("——————\n\n");
                break;
            case HtmlBlock raw:
                WriteLines(raw, html);
                html.Append("\n\n");
                break;
            case LinkReferenceDefinitionGroup:
                break;
            case ContainerBlock other:
                WriteBlocks(other, html);
                break;
            case LeafBlock leaf:
                WriteLines(leaf, html);
                html.Append("\n\n");
                break;
        }
    }

    private static void WriteLines(LeafBlock leaf, StringBuilder html)
    {
        var lines = leaf.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                html.Append('\n');
            }

            AppendEscaped(html, lines.Lines[i].Slice.AsSpan());
        }
    }

    private static void WriteInlines(ContainerInline? container, StringBuilder html)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    AppendEscaped(html, literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    html.Append("<code>");
                    AppendEscaped(html, code.Content);
                    html.Append("</code>");
                    break;
                case EmphasisInline emphasis:
                    var tag = emphasis.DelimiterChar == '~' ? "s" : emphasis.DelimiterCount >= 2 ? "b" : "i";
                    html.Append('<').Append(tag).Append('>');
                    WriteInlines(emphasis, html);
                    html.Append("</").Append(tag).Append('>');
                    break;
                case LinkInline { IsImage: false } link when IsAllowedUrl(link.Url):
                    html.Append("<a href=\"").Append(Escape(link.Url!)).Append("\">");
                    WriteInlines(link, html);
                    html.Append("</a>");
                    break;
                case AutolinkInline autolink:
                    AppendEscaped(html, autolink.Url);
                    break;
                case LineBreakInline:
                    html.Append('\n');
                    break;
                case HtmlInline raw:
                    AppendEscaped(html, raw.Tag);
                    break;
                case HtmlEntityInline entity:
                    AppendEscaped(html, entity.Transcoded.AsSpan());
                    break;
                case DelimiterInline delimiter:
                    // A delimiter nothing closed (e.g. "[" of a link whose reference is not defined yet): literal text.
                    AppendEscaped(html, delimiter.ToLiteral());
                    WriteInlines(delimiter, html);
                    break;
                case ContainerInline other:
                    WriteInlines(other, html);
                    break;
            }
        }
    }

    private static bool IsAllowedUrl(string? url) =>
        url is not null && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("tg://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase));

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static void AppendEscaped(StringBuilder html, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '&' => html.Append("&amp;"),
                '"' => html.Append("&quot;"),
                _ => html.Append(c),
            };
        }
    }

    private static void TrimEnd(StringBuilder html, int floor = 0)
    {
        while (html.Length > floor && html[^1] == '\n')
        {
            html.Length--;
        }
    }
}
