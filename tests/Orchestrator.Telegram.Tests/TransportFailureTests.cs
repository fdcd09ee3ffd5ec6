using System.Net;
using System.Net.Sockets;

using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Orchestrator.Telegram.Tests.Support;
using Orchestrator.Telegram.Updates;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Telegram.Tests;

public sealed class TransportFailureTests
{
    [Fact]
    public async Task Closed_port_is_a_request_exception_without_the_token()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = FakeBot.Http(TestTokens.Valid);
        var client = BotClientFactory.Create(TestTokens.Valid, $"http://127.0.0.1:{port}", http, new() { MaxRetryAttempts = 0 });

        var ex = await Assert.ThrowsAsync<RequestException>(() => client.GetMe().WaitAsync(FakeBot.Timeout));

        Assert.IsNotType<ApiRequestException>(ex);
        Assert.Null(ex.HttpStatusCode);
        Assert.DoesNotContain(TestTokens.Valid, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestTokens.Valid.Split(':')[1], ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Network_failures_are_retried()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var retries = 0;
        using var http = FakeBot.Http(TestTokens.Valid);
        var client = BotClientFactory.Create(
            TestTokens.Valid, $"http://127.0.0.1:{port}", http, FakeBot.FastRetry with { MaxRetryAttempts = 2, OnRetry = _ => Interlocked.Increment(ref retries) });

        await Assert.ThrowsAsync<RequestException>(() => client.GetMe().WaitAsync(FakeBot.Timeout));

        Assert.Equal(2, retries);
    }

    [Fact]
    public async Task Hanging_server_times_out_as_request_exception_without_the_token()
    {
        await using var bot = await FakeBot.StartAsync(noRetry: true, requestTimeout: TimeSpan.FromMilliseconds(300));
        bot.Server.SetOutage(FakeOutage.Hang);

        var ex = await Assert.ThrowsAsync<RequestException>(() => bot.Client.GetMe().WaitAsync(FakeBot.Timeout));

        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Null(ex.HttpStatusCode);
        Assert.DoesNotContain(bot.Server.Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeouts_are_retried_and_succeed_when_the_server_recovers()
    {
        FakeBotApiServer? server = null;
        var retry = FakeBot.FastRetry with { OnRetry = _ => server!.SetOutage(FakeOutage.None) };
        await using var bot = await FakeBot.StartAsync(retry: retry, requestTimeout: TimeSpan.FromMilliseconds(300));
        server = bot.Server;
        bot.Server.SetOutage(FakeOutage.Hang);

        var me = await bot.Client.GetMe().WaitAsync(FakeBot.Timeout);

        Assert.Equal(bot.Server.Options.BotId, me.Id);
    }

    [Fact]
    public async Task Caller_cancellation_is_operation_canceled_not_a_timeout()
    {
        await using var bot = await FakeBot.StartAsync();
        bot.Server.SetOutage(FakeOutage.Hang);
        using var cts = new CancellationTokenSource();
        var call = bot.Client.GetMe(cts.Token);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(FakeBot.Timeout));

        Assert.True(ex.CancellationToken.IsCancellationRequested); // Telegram.Bot rethrows with a token linked to the caller's
    }

    [Fact]
    public async Task Long_poll_is_not_cut_by_the_request_timeout()
    {
        await using var bot = await FakeBot.StartAsync(requestTimeout: TimeSpan.FromMilliseconds(300));

        var updates = await bot.Client.GetUpdatesTolerant(timeout: 1).WaitAsync(FakeBot.Timeout);

        Assert.Empty(updates);
        var poll = Assert.Single(bot.Server.RequestsFor("getUpdates"));
        Assert.Equal(200, poll.StatusCode);
    }

    [Fact]
    public async Task Download_of_a_missing_file_fails_without_the_token()
    {
        await using var bot = await FakeBot.StartAsync();
        using var destination = new MemoryStream();

        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => bot.Client.DownloadFile("documents/nope.bin", destination).WaitAsync(FakeBot.Timeout));

        Assert.Equal((int)HttpStatusCode.NotFound, ex.ErrorCode);
        Assert.DoesNotContain(bot.Server.Token, ex.ToString(), StringComparison.Ordinal);
    }
}
