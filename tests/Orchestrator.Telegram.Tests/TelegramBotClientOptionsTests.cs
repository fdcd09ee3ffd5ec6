using Orchestrator.Telegram.Tests.Support;

namespace Orchestrator.Telegram.Tests;

public sealed class TelegramBotClientOptionsTests
{
    [Fact]
    public void Valid_token_gives_bot_id_and_default_base_url()
    {
        var options = new TelegramBotClientOptions(TestTokens.Valid);

        Assert.Equal(123456789, options.BotId);
        Assert.Equal("https://api.telegram.org", options.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.DoesNotContain(TestTokens.Valid, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Base_url_trailing_slash_is_trimmed()
    {
        Assert.Equal("http://127.0.0.1:8081", new TelegramBotClientOptions(TestTokens.Valid, "http://127.0.0.1:8081/").BaseUrl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-colon-AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")]
    [InlineData("abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")]
    [InlineData("123456:short")]
    [InlineData("123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PA Dsaw space")]
    [InlineData("123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/../x")]
    public void Malformed_token_is_rejected_without_echoing_it(string token)
    {
        var ex = Assert.Throws<ArgumentException>(() => new TelegramBotClientOptions(token));

        Assert.Equal("token", ex.ParamName);
        if (token.Trim().Length > 0)
        {
            Assert.DoesNotContain(token, ex.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split(':').Last(), ex.Message, StringComparison.Ordinal);
        }
    }
}
