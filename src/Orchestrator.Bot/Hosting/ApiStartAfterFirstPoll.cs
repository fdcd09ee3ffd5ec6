using Orchestrator.Api.Hosting;

namespace Orchestrator.Bot.Hosting;

/// <summary>
/// The HTTP API (Kestrel) starts once the first getUpdates was sent, not alongside the bot's start-up: building the
/// ASP.NET Core application is the largest piece of start-up work, and on 2 cores it cost about 0.3 s of the bot's CPU
/// before its first getUpdates (docs/performance.md §7.5). When start-up takes longer than <see cref="MaxWait"/> (Telegram unreachable,
/// getMe retrying) the API starts anyway, so it does not depend on Telegram.
/// </summary>
public sealed class ApiStartAfterFirstPoll(PollingStarted polling) : IApiStartGate
{
    public Task Opened => polling.FirstPollSent;

    public TimeSpan MaxWait => TimeSpan.FromSeconds(10);
}
