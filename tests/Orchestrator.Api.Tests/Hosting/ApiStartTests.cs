using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Api.Hosting;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Core.Credentials;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Api.Tests.Hosting;

/// <summary>
/// Kestrel starts once the bot's first getUpdates was sent, so building the web application does not compete with the
/// bot's own start-up (docs/performance.md §7.5).
/// </summary>
public sealed class ApiStartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_API_starts_after_the_first_poll_not_during_start_up()
    {
        // Telegram answers 502 at first: start-up (getMe) retries after 2 s, and polling cannot begin yet.
        await using var telegram = await FakeBotApiServer.StartAsync();
        telegram.SetOutage(FakeOutage.BadGateway);
        var api = new TaskCompletionSource<ApiServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var starting = BotHarness.StartAsync(
            services: s => s.AddSingleton<IHostedService>(sp => new Probe(() => api.TrySetResult(sp.GetRequiredService<ApiServer>()))),
            telegram: telegram);
        var server = await api.Task.WaitAsync(Timeout);
        await telegram.WaitForAsync(t => t.RequestsFor("getMe").Count >= 2, Timeout, "a second getMe");
        Assert.False(server.Listening.IsCompleted, "Kestrel started while the bot was still starting");

        telegram.SetOutage(FakeOutage.None);
        await using var bot = await starting;
        var addresses = await server.Listening.WaitAsync(Timeout);
        var token = await bot.Service<ApiCredentials>().CreateTokenAsync(BotHarness.AdminId, "start-test");
        using var http = new HttpClient { BaseAddress = addresses[0] };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var health = await http.GetAsync(new Uri("/api/v1/health", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode, $"GET /api/v1/health answered {(int)health.StatusCode}");
    }

    /// <summary>A hosted service that only tells the test the host's services exist.</summary>
    private sealed class Probe(Action started) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            started();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
