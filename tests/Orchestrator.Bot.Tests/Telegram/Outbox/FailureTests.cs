using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;
using Telegram.Bot;
using NSubstitute;

using Telegram.Bot.Exceptions;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

public sealed class FailureTests
{
    private const long Chat = 4001;

    [Fact]
    public async Task A_one_off_send_fails_after_one_call_when_the_bot_is_blocked()
    {
        await using var fixture = new OutboxFixture();
        fixture.Telegram.FailNext(Chat, FakeOutcome.Forbidden);

        var error = await Assert.ThrowsAsync<ApiRequestException>(
            () => fixture.Outbox.SendAsync(ChatTarget.Private(Chat), OutboxFixture.Html("hi")).Within());

        Assert.Equal(403, error.ErrorCode);
        Assert.Single(fixture.Telegram.CallsTo(Chat));
    }

    [Fact]
    public async Task A_final_state_Telegram_refuses_faults_the_completion_instead_of_looping()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("draft")]);
        await live.FirstMessageIdAsync.Within();
        fixture.Telegram.FailNext(Chat, FakeOutcome.Forbidden);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => live.CompleteAsync([OutboxFixture.Html("final")]).Within());

        Assert.Equal(403, error.ErrorCode);
        Assert.Equal(2, fixture.Telegram.CallsTo(Chat).Count);
    }

    [Fact]
    public async Task A_one_off_send_fails_fast_when_the_ban_is_longer_than_MaxRetryAfter()
    {
        await using var fixture = new OutboxFixture(o => o.MaxRetryAfter = TimeSpan.FromSeconds(1));
        fixture.Telegram.ForceTooManyRequests(Chat, retryAfterSeconds: 60);

        var error = await Assert.ThrowsAsync<ApiRequestException>(
            () => fixture.Outbox.SendAsync(ChatTarget.Private(Chat), OutboxFixture.Html("hi")).Within(5));

        Assert.Equal(429, error.ErrorCode);
        Assert.Single(fixture.Telegram.CallsTo(Chat));
    }

    [Fact]
    public async Task A_one_off_send_gives_up_after_MaxSendAttempts_transient_failures()
    {
        await using var fixture = new OutboxFixture(o => o.MaxSendAttempts = 2);
        fixture.Telegram.FailNext(Chat, FakeOutcome.ServerError);
        fixture.Telegram.FailNext(Chat, FakeOutcome.NetworkError);

        await Assert.ThrowsAsync<RequestException>(() => fixture.Outbox.SendAsync(ChatTarget.Private(Chat), OutboxFixture.Html("hi")).Within());

        Assert.Equal(2, fixture.Telegram.CallsTo(Chat).Count);
    }

    [Fact]
    public async Task Empty_input_gets_a_clear_error_or_a_placeholder_not_a_crash()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));

        live.Update([]);
        Assert.Throws<ArgumentException>(() => { _ = live.CompleteAsync([]); }); // thrown synchronously: a caller bug
        var id = await fixture.Outbox.SendAsync(ChatTarget.Private(Chat), new OutgoingContent("", "")).Within();

        Assert.Equal("…", Assert.Single(fixture.Telegram.Messages(Chat), m => m.Id == id).Text);
    }

    [Fact]
    public async Task A_final_answer_whose_html_shows_nothing_is_delivered_instead_of_failing()
    {
        await using var fixture = new OutboxFixture();
        var live = fixture.Outbox.CreateLive(ChatTarget.Private(Chat));
        live.Update([OutboxFixture.Html("thinking")]);
        await live.FirstMessageIdAsync.Within();

        // An answer that was only an empty code block: valid HTML, but Telegram finds no text in it.
        await live.CompleteAsync([new OutgoingContent("<pre></pre>", "```\n```")]).Within();

        Assert.Contains(fixture.Telegram.CallsTo(Chat), c => c.Outcome == FakeOutcome.MessageTextEmpty);
        Assert.Equal("```\n```", Assert.Single(fixture.Telegram.Messages(Chat)).Text);
        var blank = await fixture.Outbox.SendAsync(ChatTarget.Private(Chat), new OutgoingContent("<b> </b>", " ")).Within();
        Assert.Equal("…", Assert.Single(fixture.Telegram.Messages(Chat), m => m.Id == blank).Text);
    }

    [Fact]
    public async Task Callback_answers_never_throw_on_Telegram_errors()
    {
        var client = Substitute.For<ITelegramBotClient>();
        client.SendRequest(Arg.Any<global::Telegram.Bot.Requests.AnswerCallbackQueryRequest>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException<bool>(new ApiRequestException("Bad Request: query is too old and response timeout expired", 400)));
        var logger = new RecordingLogger<TelegramOutbox>();
        await using var outbox = new TelegramOutbox(client, Options.Create(new OutboxOptions()), logger, TimeProvider.System);

        await outbox.AnswerCallbackAsync("q1", "done").Within();

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("q1"));
    }

    [Fact]
    public void Invalid_options_are_rejected_when_resolved()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Telegram:Outbox:PrivateChatInterval"] = "00:00:00",
                ["Telegram:Outbox:GroupMessagesPerMinute"] = "0",
            })
            .Build();
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Substitute.For<ITelegramBotClient>())
            .AddTelegramOutbox(configuration)
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITelegramOutbox>());

        Assert.Contains(error.Failures, f => f.Contains("PrivateChatInterval"));
        Assert.Contains(error.Failures, f => f.Contains("GroupMessagesPerMinute"));
    }

    [Fact]
    public async Task The_outbox_resolves_from_configuration_as_one_singleton()
    {
        var configuration = new ConfigurationBuilder().Build();
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(Substitute.For<ITelegramBotClient>())
            .AddTelegramOutbox(configuration)
            .BuildServiceProvider();

        var outbox = provider.GetRequiredService<ITelegramOutbox>();

        Assert.Same(outbox, provider.GetRequiredService<TelegramOutbox>());
        Assert.Contains(provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => ReferenceEquals(s, outbox));
        Assert.Equal(TimeSpan.FromSeconds(1), provider.GetRequiredService<IOptions<OutboxOptions>>().Value.PrivateChatInterval);
    }
}
