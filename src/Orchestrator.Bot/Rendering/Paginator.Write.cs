using System.Text;

namespace Orchestrator.Bot.Rendering;

/// <summary>Writing a page: the tokens as Telegram HTML and as plain text.</summary>
internal sealed partial class Paginator
{
    private const int MaxKeptBuilder = 64 * 1024; // chars; Telegram pages are 4096 visible

    [ThreadStatic]
    private static StringBuilder? t_html;

    [ThreadStatic]
    private static StringBuilder? t_plain;

    /// <summary>Writes tokens [0, count) as a page, closing <paramref name="stillOpen"/> at the end. Empty elements are left out.</summary>
    private static RenderedPage Write(List<HtmlToken> tokens, int count, List<TagSpec> stillOpen)
    {
        // The builders are the thread's, reused page after page: only the page's two strings are allocated.
        var html = t_html ?? new StringBuilder();
        var plain = t_plain ?? new StringBuilder();
        t_html = t_plain = null; // taken (a nested write, which does not happen, would get its own)
        html.Clear();
        plain.Clear();
        var pending = new List<TagSpec>(); // opened but nothing written inside yet
        for (var k = 0; k < count; k++)
        {
            var token = tokens[k];
            switch (token.Kind)
            {
                case TokenKind.Open:
                    pending.Add(token.Tag!);
                    break;
                case TokenKind.Close:
                    if (pending.Count > 0)
                    {
                        pending.RemoveAt(pending.Count - 1);
                    }
                    else
                    {
                        html.Append(token.Tag!.CloseHtml);
                    }

                    break;
                default:
                    if (token.Text!.Length == 0)
                    {
                        break;
                    }

                    foreach (var tag in pending)
                    {
                        html.Append(tag.OpenHtml);
                    }

                    pending.Clear();
                    HtmlText.AppendEscaped(html, token.Text);
                    plain.Append(token.Text);
                    break;
            }
        }

        // Close what is open at the end, innermost first; those still pending were never written.
        for (var k = stillOpen.Count - 1 - pending.Count; k >= 0; k--)
        {
            html.Append(stillOpen[k].CloseHtml);
        }

        var page = new RenderedPage(html.ToString(), plain.ToString());
        if (html.Capacity <= MaxKeptBuilder)
        {
            (t_html, t_plain) = (html, plain);
        }

        return page;
    }
}
