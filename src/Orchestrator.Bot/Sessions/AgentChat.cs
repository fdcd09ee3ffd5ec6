using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Agents;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Media;
using Orchestrator.Bot.Sessions.History;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// Text and images from an allowed user become a turn on the chat's current agent, streamed back live; a message sent
/// while a turn runs is added to it (steering). An album's parts make one turn. Button presses stop turns and decide approvals.
/// </summary>
public sealed partial class AgentChat(
    ChatRuntimes runtimes,
    AgentStore agents,
    TurnStore turns,
    EngineRegistry engines,
    ApprovalBroker approvals,
    ImageIntake images,
    MediaStore media,
    SessionBook book,
    ITelegramOutbox outbox,
    IOptions<AgentsOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<AgentChat> logger,
    Audit.AuditLog audit,
    Security.SecretRedactor redactor,
    Access.RequesterRule rules,
    Orchestrator.Core.Events.ITransientEvents live,
    Orchestrator.Core.Events.IEventLog events,
    Chats.ChatLanes lanes) : IAgentChat
{
    private readonly TurnRunContext _context = new(
        outbox,
        turns,
        approvals,
        logger,
        options.Value.TypingInterval,
        FinalDeliveryTimeout: TimeSpan.FromMinutes(15),
        redactor,
        live,
        events);

    public Task HandleMessageAsync(IncomingMessage incoming, CancellationToken cancellationToken) =>
        HandleInputAsync([incoming], cancellationToken);

    /// <summary>An album arrives as one update per photo; the chat's owner gathers them: one turn for all of them.</summary>
    public Task HandleAlbumAsync(IReadOnlyList<IncomingMessage> parts, CancellationToken cancellationToken) =>
        HandleInputAsync(parts, cancellationToken);

    /// <summary>One input for the agent from one message, or from all parts of an album (message order).</summary>
    private async Task HandleInputAsync(IReadOnlyList<IncomingMessage> parts, CancellationToken cancellationToken)
    {
        var incoming = parts[0];
        var text = string.Join("\n\n", parts.Select(p => p.Message.Text ?? p.Message.Caption).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct());
        var references = parts.SelectMany(p => ImageReference.AllOf(p.Message)).DistinctBy(r => r.FileId).ToList();
        if (string.IsNullOrWhiteSpace(text) && references.Count == 0)
        {
            await ReplyAsync(incoming, "I can only read text messages and images so far.", cancellationToken);
            return;
        }

        // A shutdown has begun: leave the message unhandled, Telegram redelivers it after the restart.
        lifetime.ApplicationStopping.ThrowIfCancellationRequested();

        // Runs in place: a message is handled as its chat owner's ordinary job, which is what serialises the chat's state.
        var key = KeyOf(incoming.Message);
        await lanes.RunAsync(key, async _ =>
        {
            var runtime = runtimes.Get(key);
            var agent = await agents.GetOrCreateCurrentAsync(runtime.Key, () => AgentRecord.Default(runtime.Key, options.Value), cancellationToken);
            IReadOnlyList<StoredImage> stored = [];
            if (references.Count > 0)
            {
                var batch = await images.FetchAsync(agent.Id, references, cancellationToken);
                foreach (var refusal in batch.Refusals)
                {
                    await outbox.SendAsync(incoming.Target, OutgoingContent.FromPlainText(refusal.Message), refusal.Image.MessageId, cancellationToken);
                }

                if (batch.Images.Count == 0)
                {
                    return (RemoteTurn?)null; // the text was about images the agent cannot get
                }

                stored = batch.Images;
            }

            return await RunInputAsync(runtime, agent, incoming, ImagePrompt.Build(text, stored), stored, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Steers the input into the chat's running turn, or starts a turn with it. Runs on the chat's owner.</summary>
    private async Task<RemoteTurn?> RunInputAsync(
        ChatRuntime runtime, AgentRecord agent, IncomingMessage incoming, PromptInput input, IReadOnlyList<StoredImage> stored, CancellationToken cancellationToken)
    {
        if (runtime.RunningTurn is { } running && await TrySteerAsync(running, input.Inputs, cancellationToken))
        {
            if (runtime.Session is { } session)
            {
                await media.AttachToSessionAsync(session.SessionId, stored, cancellationToken);
            }

            await ReplyAsync(incoming, "➕ Added to the running turn.", cancellationToken);
            return new RemoteTurn(running.TurnId, Steered: true);
        }

        await outbox.SendTypingAsync(incoming.Target, cancellationToken);
        var run = await StartTurnAsync(runtime, agent, incoming, input, stored, cancellationToken);
        return run is null ? null : new RemoteTurn(run.TurnId, Steered: false);
    }

    public static ChatKey KeyOf(Message message) =>
        new(message.Chat.Id, message.Chat.IsForum && message.IsTopicMessage ? message.MessageThreadId ?? 0 : 0);

    private async Task<bool> TrySteerAsync(TurnRun running, IReadOnlyList<AgentInput> input, CancellationToken cancellationToken)
    {
        try
        {
            await running.Agent.SteerAsync(input, cancellationToken);
            logger.LogInformation("Steered turn {TurnId} with a new message", running.TurnId);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The turn ended meanwhile: the message starts a new turn instead.
            logger.LogInformation("Could not add the message to turn {TurnId} ({Error}); starting a new turn", running.TurnId, ex.Message);
            await running.Completion.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return false;
        }
    }

    private Task<int> ReplyAsync(IncomingMessage incoming, string text, CancellationToken cancellationToken) =>
        outbox.SendAsync(incoming.Target, OutgoingContent.FromPlainText(text), incoming.Message.Id, cancellationToken);
}
