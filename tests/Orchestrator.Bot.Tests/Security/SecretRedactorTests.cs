using Microsoft.Extensions.Configuration;
using Orchestrator.Bot.Security;
using Orchestrator.Bot.Sessions;

namespace Orchestrator.Bot.Tests.Security;

/// <summary>The one redaction step: whole secrets, secrets split across deltas, footers.</summary>
public sealed class SecretRedactorTests
{
    private const string Token = "7000000001:AAsecretsecretsecretsecretsecret12345";
    private const string SecretHalf = "AAsecretsecretsecretsecretsecret12345";
    private static readonly SecretRedactor Redactor = new([Token, SecretHalf]);

    [Fact]
    public void Every_occurrence_of_the_token_or_its_secret_half_is_replaced()
    {
        var text = $"curl https://api.telegram.org/bot{Token}/getMe and again {SecretHalf}!";

        var redacted = Redactor.Redact(text);

        Assert.Equal("curl https://api.telegram.org/bot[redacted]/getMe and again [redacted]!", redacted);
    }

    [Fact]
    public void Text_without_a_secret_is_returned_as_it_is()
    {
        const string text = "nothing to see here";

        Assert.Same(text, Redactor.Redact(text));
    }

    [Fact]
    public void Secrets_come_from_the_configured_secret_settings()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("Telegram:BotToken", Token)])
            .Build();

        var redactor = SecretRedactor.FromConfiguration(configuration);

        Assert.Equal("[redacted] / [redacted]", redactor.Redact($"{Token} / {SecretHalf}"));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(30)]
    public void A_token_split_across_two_deltas_never_reaches_the_text_or_the_pages(int cut)
    {
        var reply = new LiveReply(Redactor);
        var answer = $"The token is {Token} — keep it.";
        var split = answer.IndexOf(Token, StringComparison.Ordinal) + cut;

        reply.AppendText("m1", answer[..split]);
        var running = reply.RenderRunning(null);
        reply.AppendText("m1", answer[split..]);
        var runningAfter = reply.RenderRunning(null);
        var final = reply.RenderFinal(null);

        foreach (var page in running.Concat(runningAfter).Concat(final))
        {
            Assert.DoesNotContain(SecretHalf[..8], page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretHalf[..8], page.PlainText, StringComparison.Ordinal);
        }

        Assert.Equal("The token is [redacted] — keep it.", reply.Text);
    }

    [Fact]
    public void Held_back_text_that_turns_out_not_to_be_a_secret_is_shown_in_full()
    {
        var reply = new LiveReply(Redactor);

        reply.AppendText("m1", "id 7000000001:AA");
        reply.AppendText("m1", "B is not the token");
        reply.AppendText("m2", "second message ends with 70000");
        reply.RenderFinal(null);

        Assert.Equal("id 7000000001:AAB is not the token\n\nsecond message ends with 70000", reply.Text);
    }

    [Fact]
    public void The_footer_never_shows_a_secret_either()
    {
        var reply = new LiveReply(Redactor) { Activity = $"⚙️ Running: curl api.telegram.org/bot{Token}/getMe" };

        var page = Assert.Single(reply.RenderRunning(null));

        Assert.DoesNotContain(SecretHalf, page.PlainText, StringComparison.Ordinal);
        Assert.Contains("[redacted]", page.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_of_a_secret_at_the_end_is_detected_without_scanning_the_whole_text()
    {
        Assert.Equal(12, Redactor.PossibleSecretStart("abc 7000000001:A"));
        Assert.Equal(0, Redactor.PossibleSecretStart("abc 7000000001:B"));
        Assert.Equal(0, Redactor.PossibleSecretStart($"abc {Token}"));
    }
}
