using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Testing.Telegram;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Tests.Telegram.Drafts;

/// <summary>The real outbox talking HTTP to the strict fake Bot API (Telegram's limits, drafts in private chats only).</summary>
internal sealed class DraftOutbox : IAsyncDisposable
{
    public const long User = 4242;
    public const long Group = -100_777;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http = new();

    private DraftOutbox(FakeBotApiServer telegram, OutboxOptions options)
    {
        Telegram = telegram;
        var client = new TelegramBotClient(new TelegramBotClientOptions(telegram.Token, telegram.BaseUrl), _http);
        Outbox = new TelegramOutbox(client, Options.Create(options), NullLogger<TelegramOutbox>.Instance, TimeProvider.System);
    }

    public FakeBotApiServer Telegram { get; }

    public TelegramOutbox Outbox { get; }

    public static async Task<DraftOutbox> StartAsync(FakeBotApiOptions? fake = null, OutboxOptions? options = null)
    {
        var telegram = await FakeBotApiServer.StartAsync(fake);
        telegram.AddChat(User);
        telegram.AddChat(Group, ChatType.Supergroup, "team");
        return new DraftOutbox(telegram, options ?? new OutboxOptions());
    }

    public static OutgoingContent Text(string text) => OutgoingContent.FromPlainText(text);

    public ILiveMessage Live(ChatTarget target, bool drafts = true, bool urgent = false) =>
        Outbox.CreateLive(target, null, new LiveOptions(Drafts: drafts, Urgent: urgent));

    public int Calls(string method) => Telegram.RequestsFor(method).Count;

    public async ValueTask DisposeAsync()
    {
        await Outbox.DisposeAsync();
        await Telegram.DisposeAsync();
        _http.Dispose();
    }
}
