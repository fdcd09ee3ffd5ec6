using System.Text;
using Orchestrator.Bot.Rendering;

namespace Orchestrator.Benchmarks.PackageCandidates;

/// <summary>
/// Checks the rule "pages already sent never change" for both renderers: an answer is streamed in small deltas; after
/// each delta every page but the last counts as sent (Telegram already shows it); a sent page that later renders
/// differently, or disappears, is a violation. The product renderer pairs Markdown markers within a line and freezes
/// complete lines; CommonMark (Markdig) lets later text change earlier text of the same paragraph or document:
/// emphasis closed on a later line, a reference-style link defined at the end, a "---" under a paragraph (setext
/// heading). Run: <c>dotnet Orchestrator.Benchmarks.dll page-stability</c>.
/// </summary>
internal static class PageStabilityCheck
{
    private static readonly PageOptions SmallPages = new(Limit: 200);

    public static int Run(TextWriter output)
    {
        var cases = new (string Name, string Markdown, PageOptions Pages, int DeltaLength)[]
        {
            ("SampleAnswer 100 kB, 50-char deltas, 4096-char pages", SampleAnswer.Create(100_000), PageOptions.Default, 50),
            ("bold opened on one line, closed 8 lines later", BoldAcrossLines(), SmallPages, 10),
            ("reference link [the docs][d] defined at the end", ReferenceLinkAtEnd(), SmallPages, 10),
            ("paragraph followed by '---' (setext heading)", SetextHeading(), SmallPages, 10),
        };

        var violations = 0;
        output.WriteLine("| Case | Renderer | Pages sent | Sent pages changed later | First change |");
        output.WriteLine("|---|---|---:|---:|---|");
        foreach (var (name, markdown, pages, deltaLength) in cases)
        {
            var handWritten = new StreamingDocument(pages);
            var product = Stream(markdown, deltaLength, delta =>
            {
                handWritten.Append(delta);
                return handWritten.GetPages();
            });
            var text = new StringBuilder();
            var markdig = Stream(markdown, deltaLength, delta =>
            {
                text.Append(delta);
                return MarkdigTelegramRenderer.RenderPages(text.ToString(), pages);
            });
            output.WriteLine($"| {name} | hand-written | {product.Sent} | {product.Changed} | {product.First} |");
            output.WriteLine($"| {name} | Markdig | {markdig.Sent} | {markdig.Changed} | {markdig.First} |");
            violations += product.Changed;
        }

        return violations == 0 ? 0 : 1;
    }

    private static (int Sent, int Changed, string First) Stream(string markdown, int deltaLength, Func<string, IReadOnlyList<RenderedPage>> append)
    {
        var sent = new List<string>();
        var changed = 0;
        var first = "-";
        for (var i = 0; i < markdown.Length; i += deltaLength)
        {
            var pages = append(markdown.Substring(i, Math.Min(deltaLength, markdown.Length - i)));
            var last = i + deltaLength >= markdown.Length;
            var complete = last ? pages.Count : pages.Count - 1;
            for (var k = 0; k < Math.Max(complete, sent.Count); k++)
            {
                var now = k < pages.Count ? pages[k].Html : "(gone)";
                if (k >= sent.Count)
                {
                    sent.Add(now);
                }
                else if (sent[k] != now)
                {
                    if (changed++ == 0)
                    {
                        first = $"page {k + 1}: `{Shorten(sent[k])}` → `{Shorten(now)}`";
                    }

                    sent[k] = now;
                }
            }
        }

        return (sent.Count, changed, first);
    }

    private static string Shorten(string html)
    {
        var flat = html.Replace("\n", "⏎", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
        return flat.Length <= 60 ? flat : flat[..60] + "…";
    }

    private static string BoldAcrossLines() =>
        "Result of the run:\n**The migration changed every table\nand the indexes were rebuilt while\nthe service kept answering requests,\n"
        + "which took about forty minutes in all\nbecause the largest table holds\nmore than two hundred million rows\nand every row was copied once,\n"
        + "and finished without errors.** Nothing else to do.\n\nNext steps follow below.\n";

    private static string ReferenceLinkAtEnd() =>
        "See [the docs][d] for the full list of settings that changed in this release.\n\n"
        + string.Concat(Enumerable.Range(1, 4).Select(i => $"Paragraph {i} explains one more setting in enough words to fill a line or two of the page.\n\n"))
        + "[d]: https://example.com/docs\n";

    private static string SetextHeading() =>
        "The build is green and the tests pass\non both machines, including the slow\nintegration suite that talks to the real\n"
        + "CLIs through the fake model servers,\nand the benchmarks were run twice\non the shared machine under load,\nwith the same figures both times,\n"
        + "so the branch is ready to merge now\n---\nDetails follow.\n";
}
