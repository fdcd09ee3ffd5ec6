using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Sessions;

namespace Orchestrator.Bot.Chats;

/// <summary>
/// How code outside a chat's owner changes the chat's state (its agent, session and running turn): it hands the change
/// to the owner as a message and awaits the reply, so the owner's ordinary lane applies every change of the chat one at
/// a time, in order with the chat's messages, and no lock is needed. Code already running as the owner's ordinary job
/// (a message, a command) runs the change in place. Used by <see cref="AgentChat"/> (API prompts) and the agent commands
/// and buttons (<c>/use</c>, <c>/new</c>, ...), which the API calls too.
/// </summary>
public sealed class ChatLanes(IServiceProvider services)
{
    private static readonly AsyncLocal<LaneJob?> Current = new();

    /// <summary>
    /// Runs <paramref name="change"/> on <paramref name="chat"/>'s owner, after the jobs already waiting there. Throws
    /// <see cref="OperationCanceledException"/> when the bot is stopping or <paramref name="cancellationToken"/> fires first.
    /// </summary>
    public Task<T> RunAsync<T>(ChatKey chat, Func<CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Current.Value is { Urgent: false, Running: true } job && job.Chat == chat)
        {
            return change(cancellationToken); // this is the owner's ordinary job already: waiting for it would never end
        }

        // Resolved late: the owners are built with the update handler, which needs the code calling this.
        return services.GetRequiredService<ChatOwners>().RunAsync(chat, change, cancellationToken);
    }

    /// <summary>Marks the current async flow as the job of <paramref name="chat"/>'s owner (until the job ends).</summary>
    internal static LaneJob Enter(ChatKey chat, bool urgent)
    {
        var job = new LaneJob(chat, urgent);
        Current.Value = job;
        return job;
    }

    /// <summary>
    /// One job of an owner. <see cref="Running"/> ends with it: a task the job started (a turn's event loop) inherits
    /// the marker, but does not count as the owner's job once the job is over.
    /// </summary>
    internal sealed class LaneJob(ChatKey chat, bool urgent)
    {
        private volatile bool _running = true;

        public ChatKey Chat { get; } = chat;

        public bool Urgent { get; } = urgent;

        public bool Running => _running;

        public void End() => _running = false;
    }
}
