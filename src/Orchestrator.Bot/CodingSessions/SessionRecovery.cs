using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Hosting;
using Orchestrator.Core.CodingSessions;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>At start (after the migrations): sessions left running by a crash become failed "the bot restarted", resumable.</summary>
public sealed class SessionRecovery(CodingSessionService sessions, ILogger<SessionRecovery> logger) : IStartupHook
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var count = await sessions.RecoverAsync(cancellationToken);
        if (count > 0)
        {
            logger.LogInformation("{Count} coding session(s) were running when the bot stopped: marked failed (the bot restarted), resumable with /resume", count);
        }
    }
}
