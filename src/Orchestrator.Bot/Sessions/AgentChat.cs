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

    public async Task<bool> HandleCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (callback.Message is not { } pressed)
        {
            return false;
        }

        // The button's own chat and topic: a press under a message of another topic never acts on this topic's turn.
        var chat = KeyOf(pressed);
        if (callback.Data is { } data && data.StartsWith("stop:", StringComparison.Ordinal)
            && long.TryParse(data.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture, out var turnId))
        {
            var run = runtimes.FindRunningTurn(turnId);
            if (run is null || run.Chat != chat)
            {
                return false;
            }

            if (!rules.MayControl(callback.From.Id, run.Requester.Id))
            {
                await RefuseStopAsync(callback.From, run, "button", cancellationToken);
                await outbox.AnswerCallbackAsync(callback.Id, NotYoursText(run, "stop it"), showAlert: true, cancellationToken);
                return true;
            }

            await outbox.AnswerCallbackAsync(callback.Id, "Stopping…", cancellationToken: cancellationToken);
            logger.LogInformation("User {UserId} stopped turn {TurnId}", callback.From.Id, turnId);
            await run.StopAsync($"Stopped by {callback.From.DisplayName}.", cancellationToken);
            return true;
        }

        if (ApprovalPrompt.TryParseCallback(callback.Data, out var key, out var decision))
        {
            var press = await approvals.DecideAsync(key, decision, callback.From, chat, cancellationToken);
            switch (press)
            {
                case ApprovalPress.Stale:
                    return false;
                case ApprovalPress.NotRequester:
                    await outbox.AnswerCallbackAsync(callback.Id, "Only the person who started this turn, or an admin of the bot, can decide this.", showAlert: true, cancellationToken);
                    return true;
                case ApprovalPress.GroupScoped:
                    await outbox.AnswerCallbackAsync(callback.Id, "You were allowed by a group administrator, so you cannot approve: ask an admin of the bot.", showAlert: true, cancellationToken);
                    return true;
            }

            await outbox.AnswerCallbackAsync(callback.Id, decision == ApprovalDecision.Deny ? "Denied" : "Approved", cancellationToken: cancellationToken);
            return true;
        }

        return false;
    }

    /// <summary>Stops the running turn of <paramref name="key"/> with <c>/stop</c>, if <paramref name="by"/> may.</summary>
    public async Task<StopOutcome> StopAsync(ChatKey key, User by, CancellationToken cancellationToken)
    {
        // The current agent's turn first; else one the chat switched away from (/use) that still runs.
        if (runtimes.Get(key).RunningTurns.FirstOrDefault() is not { } run)
        {
            return new StopOutcome(false, null);
        }

        if (!rules.MayControl(by.Id, run.Requester.Id))
        {
            await RefuseStopAsync(by, run, "/stop", cancellationToken);
            return new StopOutcome(true, NotYoursText(run, "stop it"));
        }

        logger.LogInformation("User {UserId} stopped turn {TurnId} with /stop", by.Id, run.TurnId);
        await run.StopAsync($"Stopped by {by.DisplayName}.", cancellationToken);
        return new StopOutcome(true, null);
    }

    /// <summary>
    /// The stop button of a streaming draft: stops the chat's running turn whose draft it is (a stale draft of an ended
    /// turn stops nothing), if the user may, exactly like /stop; the answer so far becomes the final message.
    /// </summary>
    public async Task<bool> HandleDraftStoppedAsync(ChatKey chat, long userId, long draftId, CancellationToken cancellationToken)
    {
        if (draftId == 0 || runtimes.Get(chat).RunningTurns.FirstOrDefault(r => r.DraftId == draftId) is not { } run)
        {
            return false;
        }

        var by = run.Requester.Id == userId ? run.Requester : new User { Id = userId, FirstName = "user " + userId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!rules.MayControl(userId, run.Requester.Id))
        {
            await RefuseStopAsync(by, run, "draft", cancellationToken);
            await outbox.SendAsync(run.Target, OutgoingContent.FromPlainText("⛔ " + NotYoursText(run, "stop it")), null, cancellationToken);
            return true;
        }

        logger.LogInformation("User {UserId} stopped turn {TurnId} with the draft's stop button", userId, run.TurnId);
        await run.StopFromDraftAsync($"Stopped by {by.DisplayName}.", cancellationToken);
        return true;
    }

    private static string NotYoursText(TurnRun run, string what) =>
        $"Only {run.Requester.DisplayName}, who started this turn, or an admin of the bot can {what}.";

    private Task RefuseStopAsync(User by, TurnRun run, string how, CancellationToken cancellationToken)
    {
        logger.LogInformation("Refused to stop turn {TurnId} ({How}) for user {UserId}: not the requester", run.TurnId, how, by.Id);
        return audit.RecordAsync(by, run.Chat.ChatId, run.Chat.TopicId, Audit.AuditActions.Refused, $"stop turn {run.TurnId} ({how}; refused: not the requester)", cancellationToken);
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

    private async Task<TurnRun?> StartTurnAsync(
        ChatRuntime runtime, AgentRecord agent, IncomingMessage incoming, PromptInput input, IReadOnlyList<StoredImage> stored, CancellationToken cancellationToken)
    {
        var message = incoming.Message;
        IAgentSession session;
        try
        {
            var engine = engines.Get(agent.Engine);
            session = await OpenSessionAsync(runtime, agent, engine, incoming, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not open a session of agent {AgentId} ({Engine})", agent.Id, agent.Engine);
            await ReplyAsync(incoming, $"❌ Could not start the {agent.Engine} agent: {SignInHint.AddTo(ex.Message)}", cancellationToken);
            return null;
        }

        var turnId = await turns.StartAsync(
            new TurnRecord
            {
                AgentId = agent.Id,
                SessionId = session.SessionId,
                ChatId = runtime.Key.ChatId,
                TopicId = runtime.Key.TopicId,
                UserId = message.From!.Id,
                Prompt = input.Prompt,
            },
            cancellationToken);
        await media.AttachToSessionAsync(session.SessionId, stored, cancellationToken);
        await book.TurnStartedAsync(agent.Id, session.SessionId, input.Prompt, cancellationToken);

        IAgentTurn turn;
        try
        {
            turn = await session.StartTurnAsync(input.Inputs, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Turn {TurnId} could not start", turnId);
            await turns.EndAsync(turnId, TurnStatus.Failed, null, ex.Message, null, null, null, CancellationToken.None);
            runtime.Session = null; // reopen (resume) on the next message
            await ReplyAsync(incoming, $"❌ The agent could not start: {SignInHint.AddTo(ex.Message)} — send a message to try again.", cancellationToken);
            return null;
        }

        // In a private chat the answer streams as a native draft and ends as real messages; groups keep an edited message.
        var live = outbox.CreateLive(incoming.Target, message.Id, new LiveOptions(Drafts: true, DraftStop: true));
        var run = new TurnRun(turnId, runtime.Key, incoming.Target, turn, live, _context, message.From!, agent.Id);
        runtime.Turn = run;
        logger.LogInformation("Turn {TurnId} started for agent {AgentId} in chat {Chat}", turnId, agent.Id, runtime.Key);
        run.Start();
        book.Track(run, agent.Id, session.SessionId);
        await audit.RecordAsync(message.From!, runtime.Key.ChatId, runtime.Key.TopicId, Audit.AuditActions.Turn, $"turn {turnId} on agent {agent.Name}: {LiveReply.Truncate(input.Prompt, 200)}", cancellationToken);
        await PublishStartAsync(run, agent, input.Prompt, incoming.Origin);
        return run;
    }

    private async Task<IAgentSession> OpenSessionAsync(
        ChatRuntime runtime, AgentRecord agent, IAgentEngine engine, IncomingMessage incoming, CancellationToken cancellationToken)
    {
        if (runtime.Session is { } open && runtime.AgentId == agent.Id)
        {
            return open;
        }

        var sessionOptions = new AgentSessionOptions(agent.WorkingDirectory, agent.Model, agent.Persona, options.Value.ApprovalPolicy, options.Value.Sandbox);
        IAgentSession session;
        if (agent.SessionId is { } stored)
        {
            try
            {
                session = await engine.ResumeSessionAsync(stored, sessionOptions, cancellationToken);
                logger.LogInformation("Resumed session {SessionId} of agent {AgentId}", stored, agent.Id);
            }
            catch (AgentSessionNotFoundException ex)
            {
                logger.LogWarning("Session {SessionId} of agent {AgentId} cannot be resumed ({Error}); starting a new one", stored, agent.Id, ex.Message);
                session = await engine.StartSessionAsync(sessionOptions, cancellationToken);
                await ReplyAsync(incoming, "ℹ️ The previous session could not be resumed, so I started a new one.", cancellationToken);
            }
        }
        else
        {
            session = await engine.StartSessionAsync(sessionOptions, cancellationToken);
        }

        if (session.SessionId != agent.SessionId)
        {
            await agents.SetSessionIdAsync(agent.Id, session.SessionId, cancellationToken);
        }

        await book.SessionOpenedAsync(agent, session.SessionId, cancellationToken);
        runtime.AgentId = agent.Id;
        runtime.Session = session;
        return session;
    }

    private Task<int> ReplyAsync(IncomingMessage incoming, string text, CancellationToken cancellationToken) =>
        outbox.SendAsync(incoming.Target, OutgoingContent.FromPlainText(text), incoming.Message.Id, cancellationToken);
}
