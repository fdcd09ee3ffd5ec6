using Orchestrator.Bot.Rendering;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Rendering;

public class StreamingDocumentTests
{
    [Fact]
    public void Open_fence_is_shown_as_a_code_block_while_streaming_and_closed_when_the_fence_arrives()
    {
        var document = new StreamingDocument();
        document.Append("Here:\n```js\nconst a = 1 <");
        Assert.Equal("Here:\n<pre><code class=\"language-js\">const a = 1 &lt;</code></pre>", Assert.Single(document.GetPages()).Html);

        document.Append(" 2;\n```\nDone **now**");
        Assert.Equal(
            "Here:\n<pre><code class=\"language-js\">const a = 1 &lt; 2;\n</code></pre>Done <b>now</b>",
            Assert.Single(document.GetPages()).Html);
    }

    [Fact]
    public void Unpaired_marker_in_the_last_line_is_literal_until_its_partner_arrives()
    {
        var document = new StreamingDocument();
        document.Append("a **bo");
        Assert.Equal("a **bo", document.GetPages()[0].Html);
        document.Append("ld**");
        Assert.Equal("a <b>bold</b>", document.GetPages()[0].Html);
    }

    [Fact]
    public void Full_pages_are_frozen_and_the_count_only_grows()
    {
        var document = new StreamingDocument(new PageOptions(Limit: 100));
        var frozen = 0;
        var firstPage = "";
        for (var i = 0; i < 200; i++)
        {
            document.Append($"line {i} with some *text*\n");
            var pages = document.GetPages();
            Assert.True(document.FrozenPageCount >= frozen);
            Assert.True(document.FrozenPageCount <= pages.Count);
            frozen = document.FrozenPageCount;
            if (frozen > 0 && firstPage.Length == 0)
            {
                firstPage = pages[0].Html;
            }
        }

        Assert.True(frozen > 30);
        Assert.Equal(firstPage, document.GetPages()[0].Html);
        Assert.Equal(
            TelegramHtmlRenderer.RenderPages(string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i} with some *text*\n")), new PageOptions(Limit: 100))
                .Select(p => p.Html),
            document.GetPages().Select(p => p.Html));
    }

    [Fact]
    public void Surrogate_pair_split_across_deltas_is_held_back_until_complete()
    {
        var document = new StreamingDocument();
        document.Append("ok \uD83D");
        Assert.Equal("ok ", document.GetPages()[0].PlainText);
        document.Append("\uDE00!");
        Assert.Equal("ok 😀!", document.GetPages()[0].PlainText);
    }

    [Fact]
    public void Snapshot_is_cached_until_the_next_append()
    {
        var document = new StreamingDocument();
        document.Append("x");
        Assert.Same(document.GetPages(), document.GetPages());
        Assert.Equal(1, document.Length);
    }

    [Fact]
    public void Cost_per_delta_does_not_grow_with_the_answer_length()
    {
        // 50-character deltas with a snapshot after each: the last 20 kB must not cost much more than the first 20 kB,
        // although by then the document is 200 kB long (a from-scratch render per delta would allocate ~10x more there).
        // Measured in bytes allocated, which unlike time does not depend on how loaded the machine is.
        var random = new RandomAnswers(7);
        var answer = random.Text(220_000, markers: true);
        var document = new StreamingDocument();
        long Measure(int from, int to)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = from; i < to; i += 50)
            {
                document.Append(answer.AsSpan(i, Math.Min(50, to - i)));
                _ = document.GetPages();
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Measure(0, 20_000); // warm up
        var early = Measure(20_000, 40_000);
        Measure(40_000, 200_000);
        var late = Measure(200_000, 220_000);
        Assert.True(late < early * 2, $"early {early} B, late {late} B");
        Assert.All(document.GetPages(), p => Assert.True(TelegramHtml.TryParse(p.Html, out _, out _)));
    }
}
