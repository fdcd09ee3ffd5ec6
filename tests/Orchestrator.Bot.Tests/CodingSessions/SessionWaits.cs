using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Events;

namespace Orchestrator.Bot.Tests.CodingSessions;

/// <summary>Waits on the bot's event log for a coding session's state or events (no sleeps); shared by the Bot and API tests.</summary>
public static class SessionWaits
{
    /// <summary>
    /// Waits until the session is in <paramref name="state"/> after at least <paramref name="turns"/> turns (checked at
    /// each new event), for <paramref name="within"/> (<see cref="CodexBot.Timeout"/> unless given).
    /// </summary>
    public static async Task<CodingSession> StateAsync(BotHarness bot, string id, string state, int turns = 1, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? CodexBot.Timeout);
        var sessions = bot.Service<CodingSessionService>();
        try
        {
            await foreach (var e in bot.Service<IEventLog>().FollowAsync(0, timeout.Token))
            {
                if (e.SessionId == id && await sessions.GetAsync(id) is { } session && session.State == state && session.Turns >= turns)
                {
                    return session;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        var seen = await bot.Service<IEventLog>().ListAsync(new EventQuery(SessionId: id, Limit: 100));
        Assert.Fail($"Session {id} did not reach {state} after {turns} turn(s); its events: {string.Join(" | ", seen.Reverse().Select(e => e.Summary))}");
        return null!;
    }

    public static async Task EventAsync(BotHarness bot, string id, string kind, string text)
    {
        using var timeout = new CancellationTokenSource(CodexBot.Timeout);
        try
        {
            await foreach (var e in bot.Service<IEventLog>().FollowAsync(0, timeout.Token))
            {
                if (e.SessionId == id && e.Kind == kind && e.Summary.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            var seen = await bot.Service<IEventLog>().ListAsync(new EventQuery(SessionId: id, Limit: 100));
            Assert.Fail($"No {kind} “{text}” for session {id}; its events: {string.Join(" | ", seen.Reverse().Select(e => e.Summary))}");
        }
    }
}
