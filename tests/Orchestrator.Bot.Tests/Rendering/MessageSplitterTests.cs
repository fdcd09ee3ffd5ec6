using Orchestrator.Bot.Rendering;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Rendering;

public class MessageSplitterTests
{
    private static readonly PageOptions Small = new(Limit: 40);

    [Fact]
    public void Short_text_is_one_page()
    {
        var pages = MessageSplitter.Split("<b>hi</b> there");
        var page = Assert.Single(pages);
        Assert.Equal("<b>hi</b> there", page.Html);
        Assert.Equal("hi there", page.PlainText);
    }

    [Fact]
    public void Cuts_after_the_last_line_break_and_keeps_it_at_the_end_of_the_earlier_page()
    {
        var text = "first line of text here\nsecond line goes on and on\nthird";
        var pages = MessageSplitter.Split(text, Small);
        Assert.Equal(["first line of text here\n", "second line goes on and on\nthird"], pages.Select(p => p.PlainText));
    }

    [Fact]
    public void Cuts_after_a_space_when_no_line_break_is_in_the_second_half()
    {
        var text = "aaaa\nbbbbbbbbbbbbbbbbbbbbbbbb cccccc dddddddddddddddddddd";
        var pages = MessageSplitter.Split(text, Small);
        Assert.Equal("aaaa\nbbbbbbbbbbbbbbbbbbbbbbbb cccccc ", pages[0].PlainText);
        Assert.Equal(text, string.Concat(pages.Select(p => p.PlainText)));
    }

    [Fact]
    public void Hard_cut_at_the_limit_for_a_long_word_but_never_inside_a_surrogate_pair()
    {
        var word = new string('x', 39) + "😀" + new string('y', 50);
        var pages = MessageSplitter.Split(word, Small);
        Assert.Equal(new string('x', 39), pages[0].PlainText);
        Assert.StartsWith("😀", pages[1].PlainText, StringComparison.Ordinal);
        Assert.Equal(word, string.Concat(pages.Select(p => p.PlainText)));
    }

    [Fact]
    public void Never_cuts_inside_an_entity_and_counts_it_as_one_character()
    {
        var html = string.Concat(Enumerable.Repeat("&amp;&lt;", 30)); // 60 visible characters
        var pages = MessageSplitter.Split(html, Small);
        Assert.Equal([40, 20], pages.Select(p => p.Length));
        Assert.Equal(string.Concat(Enumerable.Repeat("&amp;&lt;", 20)), pages[0].Html);
        Assert.All(pages, p => Assert.True(TelegramHtml.TryParse(p.Html, out _, out _)));
    }

    [Fact]
    public void Closes_open_elements_at_the_cut_and_reopens_them_with_the_same_attributes()
    {
        var code = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"line {i}"));
        var html = $"<blockquote><a href=\"https://x.y/?a=1&amp;b=2\">link <b>{code}</b></a></blockquote>";
        var pages = MessageSplitter.Split(html, Small);
        Assert.True(pages.Count >= 3);
        foreach (var page in pages)
        {
            Assert.True(TelegramHtml.TryParse(page.Html, out _, out var error), error);
            Assert.StartsWith("<blockquote><a href=\"https://x.y/?a=1&amp;b=2\">", page.Html, StringComparison.Ordinal);
            Assert.EndsWith("</a></blockquote>", page.Html, StringComparison.Ordinal);
        }

        Assert.StartsWith("<blockquote><a href=\"https://x.y/?a=1&amp;b=2\"><b>", pages[1].Html, StringComparison.Ordinal);
        Assert.Equal(TelegramHtml.VisibleText(html), string.Concat(pages.Select(p => p.PlainText)));
    }

    [Fact]
    public void Code_block_split_across_pages_reopens_pre_with_its_language()
    {
        var markdown = "```python\n" + string.Join("\n", Enumerable.Range(0, 300).Select(i => $"print({i})  # <&>")) + "\n```\nThe end.";
        var pages = TelegramHtmlRenderer.RenderPages(markdown, new PageOptions(Limit: 1000));
        Assert.True(pages.Count >= 6);
        foreach (var page in pages.Take(pages.Count - 1))
        {
            Assert.StartsWith("<pre><code class=\"language-python\">", page.Html, StringComparison.Ordinal);
            Assert.EndsWith("\n</code></pre>", page.Html, StringComparison.Ordinal); // cut at line breaks
            Assert.True(page.Length <= 1000);
        }

        Assert.EndsWith("The end.", pages[^1].PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserve_leaves_room_for_a_footer()
    {
        var text = string.Concat(Enumerable.Repeat("word ", 2000));
        var pages = MessageSplitter.Split(text, new PageOptions(Reserve: 100));
        Assert.All(pages, p => Assert.True(p.Length <= 3996));
        Assert.True(pages[0].Length > 3900);
        Assert.Equal(text, string.Concat(pages.Select(p => p.PlainText)));
    }

    [Fact]
    public void Twelve_thousand_character_answer_becomes_several_valid_lossless_pages()
    {
        var random = new RandomAnswers(12000);
        var paragraphs = new List<string>();
        var length = 0;
        for (var i = 0; length < 12000; i++)
        {
            var paragraph = i % 5 == 3
                ? $"```bash\n{random.Text(600, markers: false)}\n```"
                : $"## Step {i}\nSome **bold** text, `code`, and <angle> & ampersand. {random.Text(500, markers: false)}";
            paragraphs.Add(paragraph);
            length += paragraph.Length + 2;
        }

        var answer = string.Join("\n\n", paragraphs);
        Assert.True(answer.Length >= 12000);
        var pages = TelegramHtmlRenderer.RenderPages(answer);
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        foreach (var page in pages)
        {
            Assert.True(TelegramHtml.TryParse(page.Html, out var visible, out var error), error);
            Assert.True(visible.Length <= 4096);
        }

        Assert.Equal(
            TelegramHtml.VisibleText(TelegramHtmlRenderer.Render(answer)),
            string.Concat(pages.Select(p => p.PlainText)));
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(4096, 4090)]
    [InlineData(4096, -1)]
    public void Unusable_page_options_are_rejected_clearly(int limit, int reserve)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingDocument(new PageOptions(limit, reserve)));
    }

    [Theory]
    [InlineData("<b>x")]
    [InlineData("a < b")]
    [InlineData("fish & chips")]
    [InlineData("</i>")]
    public void Malformed_html_is_a_clear_format_error(string html)
    {
        Assert.Throws<FormatException>(() => MessageSplitter.Split(html));
    }
}
