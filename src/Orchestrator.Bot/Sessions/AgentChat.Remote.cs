using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Media;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Sessions;

/// <summary>What became of a prompt from the API: the turn it started, or the running turn it was added to.</summary>
public sealed record RemoteTurn(long TurnId, bool Steered);

/// <summary>A prompt from the API whose agent's chat Telegram does not let the bot write to.</summary>
public sealed class RemoteChatUnavailableException(string message) : Exception(message);

/// <summary>Prompts that come from the HTTP API (Orchestrator.Api, through Web/AgentConversations), and the turn events it streams.</summary>
public sealed partial class AgentChat
{
    /// <summary>
    /// A prompt from the HTTP API for <paramref name="agent"/>, which must be its chat's current agent: echoed to the
    /// agent's chat as "[Web] …" or "[CLI] …", then handled exactly as a message typed there (steered into the running
    /// turn, or a new turn whose answer streams into the chat as a reply to the echo). Null when the agent is no longer
    /// its chat's current agent (switched meanwhile) or the turn could not start (the chat was told why).
    /// </summary>
    public async Task<RemoteTurn?> HandleRemoteAsync(
        AgentRecord agent, User requester, Access.UserRole role, string channel, string text, IReadOnlyList<StoredImage> images, CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.ThrowIfCancellationRequested();
        var key = new ChatKey(agent.ChatId, agent.TopicId);
        var target = agent.ChatId > 0
            ? ChatTarget.Private(agent.ChatId)
            : ChatTarget.Group(agent.ChatId, agent.TopicId == 0 ? null : (int)agent.TopicId);
        // Handed to the chat's owner: in order with the chat's messages, never at the same time as one of them.
        return await lanes.RunAsync(key, async _ =>
        {
            var runtime = runtimes.Get(key);
            var current = await agents.GetOrCreateCurrentAsync(key, () => AgentRecord.Default(key, options.Value), cancellationToken);
            if (current.Id != agent.Id)
            {
                return (RemoteTurn?)null;
            }

            var input = ImagePrompt.Build(text, images);
            var echo = $"[{channel}] {input.Prompt}";
            int echoId;
            try
            {
                echoId = await outbox.SendAsync(target, OutgoingContent.FromPlainText(echo.Length > 3900 ? echo[..3899] + "…" : echo), null, cancellationToken);
            }
            catch (global::Telegram.Bot.Exceptions.RequestException ex)
            {
                // The answer would have nowhere to go either (a user who never wrote to the bot, a chat the bot left).
                logger.LogInformation("{Channel} prompt for agent {AgentId} refused: its chat {Chat} cannot be written to ({Error})", channel, agent.Id, key, ex.Message);
                throw new RemoteChatUnavailableException(
                    $"The bot cannot write to this agent's Telegram chat ({ex.Message}): open the chat with the bot in Telegram (send /start) and try again.");
            }

            var message = new Message
            {
                Id = echoId,
                Date = DateTime.UtcNow,
                Chat = new Chat { Id = key.ChatId, Type = key.ChatId > 0 ? global::Telegram.Bot.Types.Enums.ChatType.Private : global::Telegram.Bot.Types.Enums.ChatType.Supergroup, IsForum = key.TopicId != 0 },
                MessageThreadId = key.TopicId == 0 ? null : (int)key.TopicId,
                IsTopicMessage = key.TopicId != 0,
                From = requester,
                Text = text,
            };
            return await RunInputAsync(runtime, agent, new IncomingMessage(message, role, target, channel), input, images, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>The stored <c>turn.started</c> event (API clients match the deltas and the end of a turn by its id).</summary>
    private async Task PublishStartAsync(TurnRun run, AgentRecord agent, string prompt, string origin)
    {
        try
        {
            var data = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["agent_id"] = agent.Id,
                ["turn_id"] = run.TurnId,
                ["user_id"] = run.Requester.Id,
                ["prompt"] = redactor.Redact(LiveReply.Truncate(prompt, 2000)),
                ["origin"] = origin,
            });
            await events.AppendAsync(new Orchestrator.Core.Events.NewControlEvent(
                Orchestrator.Core.Events.EventKinds.TurnStarted, $"Turn {run.TurnId} started on agent {agent.Name}", ChatId: run.Chat.ChatId,
                Actor: run.Requester.DisplayName, Data: data), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The turn.started event of turn {TurnId} could not be stored", run.TurnId);
        }
    }
}
