using Orchestrator.Bot.Rendering;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Rendering;

public class TelegramHtmlRendererTests
{
    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("**bold** and *it* and _it_ and ~~gone~~", "<b>bold</b> and <i>it</i> and <i>it</i> and <s>gone</s>")]
    [InlineData("***both***", "<b><i>both</i></b>")]
    [InlineData("**bold *nested* bold**", "<b>bold <i>nested</i> bold</b>")]
    [InlineData("use `a < b && c` here", "use <code>a &lt; b &amp;&amp; c</code> here")]
    [InlineData("``code with ` tick``", "<code>code with ` tick</code>")]
    [InlineData("`**not bold**`", "<code>**not bold**</code>")]
    [InlineData("**see `x.cs` now**", "<b>see </b><code>x.cs</code><b> now</b>")]
    [InlineData("**_`x`_**", "<code>x</code>")]
    [InlineData("# Use `dotnet test`", "<b>Use </b><code>dotnet test</code>")]
    [InlineData("see [docs](https://example.com/a?b=1&c=\"2\")", "see <a href=\"https://example.com/a?b=1&amp;c=&quot;2&quot;\">docs</a>")]
    [InlineData("[chat](tg://resolve?domain=x) [mail](mailto:a@b.c)", "<a href=\"tg://resolve?domain=x\">chat</a> <a href=\"mailto:a@b.c\">mail</a>")]
    [InlineData("[bad](javascript:alert(1))", "[bad](javascript:alert(1))")]
    [InlineData("[rel](/path)", "[rel](/path)")]
    [InlineData("# Title\ntext", "<b>Title</b>\ntext")]
    [InlineData("### **Sub** title", "<b>Sub title</b>")]
    [InlineData("- one\n* two\n  + three\n1. four", "• one\n• two\n  • three\n1. four")]
    [InlineData("> quoted *text*\n> more\nafter", "<blockquote>quoted <i>text</i>\nmore\n</blockquote>after")]
    [InlineData("a < b > c & d \"q\" 'a'", "a &lt; b &gt; c &amp; d \"q\" 'a'")]
    [InlineData("snake_case_name and 2*3", "snake_case_name and 2*3")]
    [InlineData("**unclosed bold", "**unclosed bold")]
    [InlineData("a ** b ** c", "a ** b ** c")]
    [InlineData("\\*literal\\* and C:\\Users", "*literal* and C:\\Users")]
    [InlineData("**across\nlines**", "**across\nlines**")]
    [InlineData("a ~~~ b ~ c", "a ~~~ b ~ c")]
    public void Renders_markdown_subset(string markdown, string expectedHtml)
    {
        var html = TelegramHtmlRenderer.Render(markdown);
        Assert.Equal(expectedHtml, html);
        Assert.True(TelegramHtml.TryParse(html, out _, out var error), error);
    }

    [Fact]
    public void Renders_fenced_code_with_language_and_escapes_its_content()
    {
        var html = TelegramHtmlRenderer.Render("Intro:\n```csharp\nif (a < b && c) { \"x\"; }\n**not bold**\n```\nDone.");
        Assert.Equal(
            "Intro:\n<pre><code class=\"language-csharp\">if (a &lt; b &amp;&amp; c) { \"x\"; }\n**not bold**\n</code></pre>Done.",
            html);
        Assert.True(TelegramHtml.TryParse(html, out _, out var error), error);
    }

    [Fact]
    public void Renders_an_unterminated_fence_as_a_code_block()
    {
        var html = TelegramHtmlRenderer.Render("```python\nprint('hi')\nx = 1 < 2");
        Assert.Equal("<pre><code class=\"language-python\">print('hi')\nx = 1 &lt; 2</code></pre>", html);
    }

    [Fact]
    public void Fence_without_language_and_tilde_fences_work()
    {
        Assert.Equal("<pre><code>a\n</code></pre>b", TelegramHtmlRenderer.Render("```\na\n```\nb"));
        Assert.Equal("<pre><code>a\n</code></pre>", TelegramHtmlRenderer.Render("~~~\na\n~~~"));
        Assert.Equal("<pre><code>x\n</code></pre>", TelegramHtmlRenderer.Render("```we<ird lang\nx\n```"));
    }

    [Fact]
    public void Inline_triple_backticks_on_one_line_are_code_not_a_fence()
    {
        Assert.Equal("say <code>hi</code> now", TelegramHtmlRenderer.Render("say ```hi``` now"));
        Assert.Equal("<code>x</code>", TelegramHtmlRenderer.Render("```x```"));
    }

    [Fact]
    public void Empty_fence_and_empty_heading_produce_no_empty_elements()
    {
        Assert.Equal("a\n\n", TelegramHtmlRenderer.Render("a\n```\n```\n#\n"));
    }

    [Fact]
    public void Plain_text_fallback_has_the_same_pages_without_formatting()
    {
        var markdown = string.Join("\n", Enumerable.Range(0, 400).Select(i => $"**line {i}** with `code` & <tag>"));
        var pages = TelegramHtmlRenderer.RenderPages(markdown);
        var plain = TelegramHtmlRenderer.ToPlainText(markdown);
        Assert.True(pages.Count >= 3);
        Assert.Equal(pages.Select(p => p.PlainText), plain);
        Assert.All(plain, p => Assert.True(p.Length <= 4096));
        Assert.StartsWith("line 0 with code & <tag>\n", plain[0]);
    }

    [Fact]
    public void Empty_answer_has_no_pages()
    {
        Assert.Empty(TelegramHtmlRenderer.RenderPages(""));
        Assert.Equal("", TelegramHtmlRenderer.Render(""));
    }

    [Fact]
    public void Deeply_nested_or_pathological_lines_render_quickly_and_validly()
    {
        var nested = string.Concat(Enumerable.Repeat("**a *b ~~c ", 2000)) + string.Concat(Enumerable.Repeat("~~ d* e**", 2000));
        var stars = string.Concat(Enumerable.Repeat("*a [b](c ` ", 20000));
        foreach (var input in new[] { nested, stars })
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var html = TelegramHtmlRenderer.Render(input);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
            Assert.True(TelegramHtml.TryParse(html, out _, out var error), error);
        }
    }
}
