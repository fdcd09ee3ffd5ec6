using System.Text.Json.Nodes;

namespace Orchestrator.Testing.Telegram;

// sendMessageDraft (Bot API 9.3+): a streamed, temporary preview of a message being generated; private chats only.
public sealed partial class FakeBotApiServer
{
    /// <summary>How long Telegram shows a draft that is not updated (about 30 s).</summary>
    public static readonly TimeSpan DraftLifetime = TimeSpan.FromSeconds(30);

    private readonly List<FakeDraft> drafts = [];
    private FakeRateLimiter? draftLimiter;

    /// <summary>Every accepted sendMessageDraft call, oldest first.</summary>
    public IReadOnlyList<FakeDraft> Drafts => Snapshot(drafts);

    /// <summary>The accepted drafts of one chat, oldest first.</summary>
    public IReadOnlyList<FakeDraft> DraftsIn(long chatId)
    {
        lock (gate)
        {
            return drafts.Where(d => d.ChatId == chatId).ToArray();
        }
    }

    /// <summary>
    /// The draft the user sees in <paramref name="chatId"/> right now, or null: the newest one, unless the bot sent a
    /// message since (which ends it, as in Telegram) or it was not updated for <see cref="DraftLifetime"/>.
    /// </summary>
    public FakeDraft? VisibleDraft(long chatId)
    {
        lock (gate)
        {
            var last = drafts.LastOrDefault(d => d.ChatId == chatId);
            if (last is null || Now - last.Time > DraftLifetime || !chats.TryGetValue(chatId, out var chat))
            {
                return null;
            }

            var newestMessage = chat.BotMessages.Count == 0 ? 0 : chat.BotMessages.Keys.Max();
            return newestMessage > last.LastBotMessageId ? null : last;
        }
    }

    /// <summary>
    /// The user presses the stop button of the newest draft in <paramref name="chatId"/> (Bot API 10.3): the server sends
    /// a <c>stopped_message_generation</c> update naming that draft. Only a draft sent with <c>can_stop</c> shows the
    /// button, so this throws for one without it. <paramref name="draftId"/> picks an older draft (a stale one still on
    /// screen). Returns the update id.
    /// </summary>
    public int PressDraftStop(long chatId, long? draftId = null)
    {
        lock (gate)
        {
            var draft = drafts.LastOrDefault(d => d.ChatId == chatId && (draftId is null || d.DraftId == draftId))
                ?? throw new InvalidOperationException($"Chat {chatId} has no draft {draftId} to stop.");
            if (!draft.CanStop)
            {
                throw new InvalidOperationException($"The draft {draft.DraftId} of chat {chatId} was sent without can_stop: it shows no stop button.");
            }

            var stopped = new JsonObject { ["chat"] = FakeJson.Chat(RequireChat(chatId)), ["draft_id"] = draft.DraftId };
            if (draft.MessageThreadId is { } thread)
            {
                stopped["message_thread_id"] = thread;
            }

            return EnqueueLocked("stopped_message_generation", new JsonObject { ["stopped_message_generation"] = stopped });
        }
    }

    private JsonNode SendMessageDraft(FakeArgs args)
    {
        if (!Options.SupportsDrafts)
        {
            // An older (self-hosted) Bot API server does not know the method.
            throw new FakeApiError(404, "Not Found");
        }

        var chatId = RequireChatId(args);
        var draftId = args.Long("draft_id") ?? 0;
        var raw = args.String("text") ?? "";
        var (text, mode) = raw.Length == 0 ? ("", args.String("parse_mode")) : ApplyParseMode(raw, args);
        lock (gate)
        {
            var chat = RequireChat(chatId);
            if (chat.Type != global::Telegram.Bot.Types.Enums.ChatType.Private)
            {
                // Telegram's answer for a draft outside a private chat.
                throw FakeApiError.BadRequest("TEXTDRAFT_PEER_INVALID");
            }

            if (draftId == 0)
            {
                throw FakeApiError.BadRequest("draft_id must be non-zero");
            }

            if (text.Length > MaxTextLength)
            {
                throw FakeApiError.BadRequest("message is too long");
            }

            // Drafts have their own flood control (not documented by Telegram; peers stay at 3-4 updates a second).
            draftLimiter ??= new FakeRateLimiter(
                Options.RateLimits with
                {
                    PrivateChatBurst = Options.RateLimits.DraftBurst,
                    PrivateChatPerSecond = Options.RateLimits.DraftsPerSecond,
                    GlobalPerSecond = int.MaxValue / 2,
                },
                Options.TimeProvider);
            if (draftLimiter.TryAcquire(chatId, isGroup: false) is { } retryAfter)
            {
                chat.RateLimitViolations++;
                rateLimitViolations++;
                NotifyChangedLocked();
                throw new FakeApiError(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
            }

            var newestMessage = chat.BotMessages.Count == 0 ? 0 : chat.BotMessages.Keys.Max();
            drafts.Add(new FakeDraft(chatId, draftId, text, raw, mode, args.Int("message_thread_id"), args.Bool("can_stop"), newestMessage, Now));
            NotifyChangedLocked();
            return true;
        }
    }
}
