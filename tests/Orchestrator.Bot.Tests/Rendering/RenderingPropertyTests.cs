using Orchestrator.Bot.Rendering;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Rendering;

/// <summary>
/// Property tests over thousands of seeded random answers: every page is valid Telegram HTML within the limit,
/// nothing is lost or duplicated by paging, plain input survives exactly, and streaming equals one-shot.
/// </summary>
public class RenderingPropertyTests
{
    private static PageOptions RandomOptions(RandomAnswers random) => random.Next(4) switch
    {
        0 => PageOptions.Default,
        1 => new PageOptions(Reserve: 96),
        2 => new PageOptions(Limit: 16 + random.Next(300)),
        _ => new PageOptions(Limit: 500 + random.Next(2000), Reserve: random.Next(100)),
    };

    private static int RandomLength(RandomAnswers random) => random.Next(5) switch
    {
        0 => random.Next(1, 100),
        1 => random.Next(100, 2000),
        2 => random.Next(2000, 6000),
        3 => random.Next(6000, 12000),
        _ => random.Next(12000, 20000),
    };

    /// <summary>Asserts what must hold for any page set and returns the pages' concatenated visible text.</summary>
    private static string CheckPages(IReadOnlyList<RenderedPage> pages, PageOptions options, string context)
    {
        var all = new System.Text.StringBuilder();
        foreach (var page in pages)
        {
            Assert.True(TelegramHtml.TryParse(page.Html, out var visible, out var error), $"{context}: {error}\n{page.Html}");
            Assert.Equal(page.PlainText, visible);
            Assert.InRange(visible.Length, 1, options.MaxVisible);
            Assert.False(char.IsLowSurrogate(visible[0]), $"{context}: page starts inside a surrogate pair");
            Assert.False(char.IsHighSurrogate(visible[^1]), $"{context}: page ends inside a surrogate pair");
            all.Append(visible);
        }

        return all.ToString();
    }

    [Theory]
    [InlineData(1, 600)]
    [InlineData(2, 600)]
    [InlineData(3, 600)]
    public void Random_markdown_pages_are_valid_and_lossless(int seed, int count)
    {
        var random = new RandomAnswers(seed);
        for (var n = 0; n < count; n++)
        {
            var markdown = random.Text(RandomLength(random), markers: true);
            var options = RandomOptions(random);
            var context = $"seed {seed} case {n} limit {options.MaxVisible}";

            var whole = TelegramHtmlRenderer.Render(markdown);
            Assert.True(TelegramHtml.TryParse(whole, out var wholeVisible, out var error), $"{context}: {error}");

            var pages = TelegramHtmlRenderer.RenderPages(markdown, options);
            Assert.Equal(wholeVisible, CheckPages(pages, options, context));

            // Splitting the unsplit HTML gives the very same pages.
            var split = MessageSplitter.Split(whole, options);
            Assert.Equal(pages.Select(p => p.Html), split.Select(p => p.Html));

            Assert.Equal(pages.Select(p => p.PlainText), TelegramHtmlRenderer.ToPlainText(markdown, options));
        }
    }

    [Theory]
    [InlineData(11, 500)]
    [InlineData(12, 500)]
    public void Text_without_markdown_markers_is_shown_exactly(int seed, int count)
    {
        var random = new RandomAnswers(seed);
        for (var n = 0; n < count; n++)
        {
            var text = random.Text(RandomLength(random), markers: false);
            var options = RandomOptions(random);
            var pages = TelegramHtmlRenderer.RenderPages(text, options);
            Assert.Equal(text, CheckPages(pages, options, $"seed {seed} case {n}"));
        }
    }

    [Theory]
    [InlineData(21, 200)]
    [InlineData(22, 200)]
    public void Streaming_in_random_chunks_gives_the_one_shot_pages_and_never_changes_frozen_pages(int seed, int count)
    {
        var random = new RandomAnswers(seed);
        for (var n = 0; n < count; n++)
        {
            var markdown = random.Text(RandomLength(random), markers: random.Next(4) != 0);
            var options = RandomOptions(random);
            var context = $"seed {seed} case {n}";
            var document = new StreamingDocument(options);
            var frozen = new List<string>();
            var appended = new System.Text.StringBuilder();
            var fullChecks = 0;
            foreach (var chunk in random.Chunks(markdown))
            {
                document.Append(chunk);
                appended.Append(chunk);
                if (random.Next(3) != 0)
                {
                    continue;
                }

                var snapshot = document.GetPages();
                Assert.True(document.FrozenPageCount <= snapshot.Count, context);
                for (var k = 0; k < frozen.Count; k++)
                {
                    Assert.Equal(frozen[k], snapshot[k].Html);
                }

                for (var k = frozen.Count; k < document.FrozenPageCount; k++)
                {
                    frozen.Add(snapshot[k].Html);
                }

                if (fullChecks < 3 && random.Next(20) == 0)
                {
                    fullChecks++;
                    // Occasionally the full check: a snapshot is the one-shot render of the text so far.
                    CheckPages(snapshot, options, context);
                    var expected = TelegramHtmlRenderer.RenderPages(appended.ToString(), options);
                    Assert.Equal(expected.Select(p => p.Html), snapshot.Select(p => p.Html));
                }
            }

            var oneShot = TelegramHtmlRenderer.RenderPages(markdown, options);
            var streamed = document.GetPages();
            Assert.Equal(oneShot.Select(p => p.Html), streamed.Select(p => p.Html));
            Assert.Equal(oneShot.Select(p => p.PlainText), streamed.Select(p => p.PlainText));
            for (var k = 0; k < frozen.Count; k++)
            {
                Assert.Equal(frozen[k], streamed[k].Html);
            }
        }
    }
}
