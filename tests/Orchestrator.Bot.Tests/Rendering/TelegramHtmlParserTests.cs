using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Rendering;

public class TelegramHtmlParserTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("", "")]
    [InlineData("<b>bold</b> <strong>s</strong> <i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>", "bold s ieunskd")]
    [InlineData("<span class=\"tg-spoiler\">x</span><tg-spoiler>y</tg-spoiler>", "xy")]
    [InlineData("<a href=\"https://example.com/?a=1&amp;b=2\">link</a>", "link")]
    [InlineData("<code>x &lt; y</code>", "x < y")]
    [InlineData("<pre>raw</pre>", "raw")]
    [InlineData("<pre><code class=\"language-csharp\">var x = 1;</code></pre>", "var x = 1;")]
    [InlineData("<blockquote>q</blockquote><blockquote expandable>e</blockquote>", "qe")]
    [InlineData("<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>", "👍")]
    [InlineData("&lt;&gt;&amp;&quot;", "<>&\"")]
    [InlineData("&#65;&#x42;&#x1F600;", "AB😀")]
    [InlineData("<b>bold <i>both</i></b>", "bold both")]
    [InlineData("<blockquote><b>q</b> <code>c</code> <a href=\"https://x\">l</a></blockquote>", "q c l")]
    [InlineData("<blockquote>q</blockquote><pre>p</pre>", "qp")]
    [InlineData("a > b", "a > b")]
    [InlineData("line1\nline2", "line1\nline2")]
    [InlineData("<B>upper</B>", "upper")]
    public void Accepts_valid_html_and_returns_the_visible_text(string html, string expected)
    {
        Assert.True(TelegramHtml.TryParse(html, out var text, out var error), error);
        Assert.Equal(expected, text);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("<foo>x</foo>", "Unsupported start tag \"foo\"")]
    [InlineData("<b>x", "can't find end tag corresponding to start tag \"b\"")]
    [InlineData("<b><i>x</b></i>", "Unmatched end tag \"b\"")]
    [InlineData("x</b>", "Unexpected end tag \"b\"")]
    [InlineData("a < b", "Unsupported start tag \"\"")]
    [InlineData("a &nbsp; b", "unsupported entity \"&nbsp;\"")]
    [InlineData("fish & chips", "character '&' is reserved")]
    [InlineData("<span>x</span>", "start tag \"span\"")]
    [InlineData("<span class=\"other\">x</span>", "start tag \"span\"")]
    [InlineData("<a>x</a>", "start tag \"a\"")]
    [InlineData("<a href=\"u\"><a href=\"v\">x</a></a>", "start tag \"a\"")]
    [InlineData("<b class=\"x\">x</b>", "start tag \"b\"")]
    [InlineData("<code class=\"language-x\">x</code>", "start tag \"code\"")]
    [InlineData("<pre><b>x</b></pre>", "not allowed inside \"pre\"")]
    [InlineData("<code><i>x</i></code>", "not allowed inside \"code\"")]
    [InlineData("<blockquote><blockquote>x</blockquote></blockquote>", "start tag \"blockquote\"")]
    [InlineData("<br>", "Unsupported start tag \"br\"")]
    [InlineData("<b><code>x</code></b>", "Tag \"code\" is not allowed inside \"b\"")]
    [InlineData("<a href=\"https://x\"><code>x</code></a>", "Tag \"code\" is not allowed inside \"a\"")]
    [InlineData("<i><pre>x</pre></i>", "Tag \"pre\" is not allowed inside \"i\"")]
    [InlineData("<b", "Unclosed start tag \"b\"")]
    [InlineData("<a href=https://x>y</a>", "Expected quoted value")]
    [InlineData("&#xD800;", "unsupported entity")]
    [InlineData("&#0;", "unsupported entity")]
    public void Rejects_what_Telegram_rejects_with_a_telegram_like_error(string html, string expectedPart)
    {
        Assert.False(TelegramHtml.TryParse(html, out _, out var error));
        Assert.NotNull(error);
        Assert.StartsWith("Can't parse entities: ", error);
        Assert.Contains(expectedPart, error);
    }

    [Fact]
    public void Reports_the_utf8_byte_offset_of_the_bad_tag()
    {
        // "é" is two bytes in UTF-8: the tag starts at character 9 but at byte 10.
        Assert.False(TelegramHtml.TryParse("<b>é</b> <foo>", out _, out var error));
        Assert.Equal("Can't parse entities: Unsupported start tag \"foo\" at byte offset 10", error);
    }

    [Fact]
    public void Visible_text_counts_entities_as_one_character()
    {
        Assert.True(TelegramHtml.TryParse("<b>&lt;&amp;&gt;</b>", out var text, out _));
        Assert.Equal(3, text.Length);
    }

    [Fact]
    public void VisibleText_throws_with_the_error_for_invalid_html()
    {
        var ex = Assert.Throws<FormatException>(() => TelegramHtml.VisibleText("<x>"));
        Assert.Contains("Unsupported start tag \"x\"", ex.Message);
    }
}
