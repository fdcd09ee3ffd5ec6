using System.Net;

using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Orchestrator.Telegram.Tests.Support;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Telegram.Tests;

public sealed class ErrorMappingTests
{
    private const long Chat = 2002;

    [Fact]
    public async Task Wrong_token_gives_401_without_the_token_in_the_message()
    {
        await using var server = await FakeBotApiServer.StartAsync();
        const string other = "7000000001:AAOtherTokenOtherTokenOtherTokenOther1";
        using var http = FakeBot.Http(other);
        var client = BotClientFactory.Create(other, server.BaseUrl, http, FakeBot.FastRetry);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => client.GetMe().WaitAsync(FakeBot.Timeout));

        Assert.Equal(401, ex.ErrorCode);
        Assert.Equal("Unauthorized", ex.Message);
        Assert.DoesNotContain(other, ex.ToString(), StringComparison.Ordinal);
        Assert.Single(server.RequestsFor("getMe"));
    }

    [Fact]
    public async Task Editing_to_identical_content_is_message_not_modified()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");
        var sent = await bot.Client.SendMessage(Chat, "<b>same</b>", ParseMode.Html);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.EditMessageText(Chat, sent.Id, "<b>same</b>", ParseMode.Html));

        Assert.Equal(400, ex.ErrorCode);
        Assert.True(ex.IsMessageNotModified);
        Assert.False(ex.IsCantParseEntities);
        Assert.StartsWith("Bad Request: message is not modified", ex.Message, StringComparison.Ordinal);
        Assert.Single(bot.Server.RequestsFor("editMessageText"));
    }

    [Fact]
    public async Task Invalid_html_is_cant_parse_entities_and_not_retried()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendMessage(Chat, "<b>unclosed", ParseMode.Html));

        Assert.True(ex.IsCantParseEntities);
        Assert.Single(bot.Server.RequestsFor("sendMessage"));
        Assert.Empty(bot.Server.BotMessages(Chat));
    }

    [Fact]
    public async Task Editing_a_missing_message_is_message_to_edit_not_found()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.EditMessageText(Chat, 999, "x"));

        Assert.True(ex.IsMessageToEditNotFound);
    }

    [Fact]
    public async Task Too_many_requests_on_a_one_off_call_waits_retry_after_then_succeeds_with_one_extra_request()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.FailNext("getMe", 429, "Too Many Requests: retry after 1", retryAfter: 1);

        var me = await bot.Client.GetMe().WaitAsync(FakeBot.Timeout);

        var calls = bot.Server.RequestsFor("getMe");
        Assert.Equal([429, 200], calls.Select(c => c.StatusCode));
        Assert.InRange((calls[1].Time - calls[0].Time).TotalSeconds, 0.9, 5);
        Assert.Equal(bot.Server.Options.BotId, me.Id);
    }

    [Fact]
    public async Task Too_many_requests_on_a_message_is_thrown_at_once_for_the_outbox_to_pace()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SendText(Chat, Chat, "hi");
        bot.Server.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.SendMessage(Chat, "paced by the outbox").WaitAsync(FakeBot.Timeout));

        Assert.Equal((429, (int?)1), (ex.ErrorCode, ex.Parameters?.RetryAfter));
        Assert.Single(bot.Server.RequestsFor("sendMessage"));
        Assert.Empty(bot.Server.BotMessages(Chat));
    }

    [Fact]
    public async Task Too_many_requests_beyond_max_retry_after_is_thrown_at_once()
    {
        await using var bot = await FakeBot.StartAsync(retry: FakeBot.FastRetry with { MaxRetryAfter = TimeSpan.FromSeconds(5) });
        bot.Server.FailNext("getMe", 429, "Too Many Requests: retry after 3600", retryAfter: 3600);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.GetMe().WaitAsync(FakeBot.Timeout));

        Assert.Equal((429, (int?)3600), (ex.ErrorCode, ex.Parameters?.RetryAfter));
        Assert.Single(bot.Server.RequestsFor("getMe"));
    }

    [Fact]
    public async Task Server_errors_are_retried_then_succeed()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.FailNext("getMe", 500, "Internal Server Error", count: 2);

        var me = await bot.Client.GetMe().WaitAsync(FakeBot.Timeout);

        Assert.Equal(bot.Server.Options.BotId, me.Id);
        Assert.Equal([500, 500, 200], bot.Server.RequestsFor("getMe").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Server_errors_give_up_after_max_attempts()
    {
        await using var bot = await FakeBot.StartAsync(retry: FakeBot.FastRetry with { MaxRetryAttempts = 2 });
        bot.Server.FailNext("getMe", 503, "Service Unavailable", count: 10);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.GetMe().WaitAsync(FakeBot.Timeout));

        Assert.Equal(503, ex.ErrorCode);
        Assert.Equal(3, bot.Server.RequestsFor("getMe").Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Client_errors_are_never_retried(int code)
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.FailNext("getMe", code, "Forbidden: bot was blocked by the user", count: 5);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.GetMe().WaitAsync(FakeBot.Timeout));

        Assert.Equal(code, ex.ErrorCode);
        Assert.Single(bot.Server.RequestsFor("getMe"));
    }

    [Fact]
    public async Task Bad_gateway_html_page_is_a_request_exception_with_status()
    {
        await using var bot = await FakeBot.StartAsync(noRetry: true);
        bot.Server.SetOutage(FakeOutage.BadGateway);

        var ex = await Assert.ThrowsAsync<RequestException>(() => bot.Client.GetMe().WaitAsync(FakeBot.Timeout));

        Assert.IsNotType<ApiRequestException>(ex);
        Assert.Equal(HttpStatusCode.BadGateway, ex.HttpStatusCode);
        Assert.DoesNotContain(bot.Server.Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_gateway_is_retried_until_the_outage_ends()
    {
        FakeBotApiServer? server = null;
        var retry = FakeBot.FastRetry with { OnRetry = _ => server!.SetOutage(FakeOutage.None) };
        await using var bot = await FakeBot.StartAsync(retry: retry);
        server = bot.Server;
        bot.Server.SetOutage(FakeOutage.BadGateway);

        var me = await bot.Client.GetMe().WaitAsync(FakeBot.Timeout);

        Assert.Equal(bot.Server.Options.BotId, me.Id);
        Assert.Equal([502, 200], bot.Server.RequestsFor("getMe").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Conflict_on_getUpdates_is_409_and_not_retried()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SetConflict(true);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.GetUpdates(timeout: 1).WaitAsync(FakeBot.Timeout));

        Assert.Equal(409, ex.ErrorCode);
        Assert.Contains("terminated by other getUpdates request", ex.Message, StringComparison.Ordinal);
        Assert.Single(bot.Server.RequestsFor("getUpdates"));
    }

    [Fact]
    public async Task Unknown_fields_in_envelope_and_error_parameters_are_read()
    {
        var handler = new StubHandler(
            HttpStatusCode.BadRequest,
            """{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1009,"extra":1},"x":2}""");
        var client = StubHandler.Client(handler);

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(-9, "x"));

        Assert.Equal(-1009, ex.Parameters?.MigrateToChatId);
        Assert.Equal("Bad Request: group chat was upgraded to a supergroup chat", ex.Message);
    }

    [Fact]
    public async Task Json_that_is_not_an_envelope_is_a_request_exception()
    {
        var handler = new StubHandler(HttpStatusCode.OK, """{"result":{"id":1}}""");
        var client = StubHandler.Client(handler);

        var ex = await Assert.ThrowsAsync<RequestException>(() => client.GetMe());

        Assert.IsNotType<ApiRequestException>(ex);
        Assert.Equal(HttpStatusCode.OK, ex.HttpStatusCode);
    }
}
