using Orchestrator.Testing.Clis;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Harness;

/// <summary>
/// The whole bot driving the REAL <c>codex app-server</c>, which talks to a fake OpenAI Responses server, while the
/// bot talks to the strict fake Bot API. The owner's private chat is <see cref="Chat"/>.
/// </summary>
public sealed class CodexBot : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private CodexBot(BotHarness bot, FakeResponsesServer model, CodexHome home, string workspace)
    {
        Bot = bot;
        Model = model;
        Home = home;
        Workspace = workspace;
    }

    public BotHarness Bot { get; }

    public FakeBotApiServer Telegram => Bot.Telegram;

    public FakeResponsesServer Model { get; }

    public CodexHome Home { get; }

    /// <summary>The agents' working folder.</summary>
    public string Workspace { get; }

    public long Chat => BotHarness.OwnerId;

    public static async Task<CodexBot> StartAsync(Action<Dictionary<string, string?>>? settings = null)
    {
        var model = await FakeResponsesServer.StartAsync();
        var home = CodexHome.Create(model.BaseUrl);
        var workspace = Directory.CreateTempSubdirectory("orchestrator-workspace-").FullName;
        var bot = await BotHarness.StartAsync(s =>
        {
            s["Codex:Command"] = AgentClis.Codex;
            foreach (var (key, value) in home.EnvironmentVariables)
            {
                s[$"Codex:Environment:{key}"] = value;
            }

            s["Agents:DefaultWorkingDirectory"] = workspace;
            s["Agents:TypingInterval"] = "00:00:01";
            settings?.Invoke(s);
        });
        return new CodexBot(bot, model, home, workspace);
    }

    /// <summary>The owner writes <paramref name="text"/>; returns the user message id.</summary>
    public int Say(string text)
    {
        Telegram.SendText(Chat, BotHarness.OwnerId, text);
        return Telegram.LastUserMessageId;
    }

    /// <summary>Waits for the bot's reply to <paramref name="userMessageId"/> to satisfy <paramref name="predicate"/>.</summary>
    public Task<FakeBotMessage> ReplyToAsync(int userMessageId, Func<FakeBotMessage, bool> predicate, string? what = null) =>
        Telegram.WaitForBotMessageAsync(Chat, m => m.ReplyToMessageId == userMessageId && predicate(m), Timeout, what);

    /// <summary>The bot's messages in the chat after (and including) its reply to <paramref name="userMessageId"/>.</summary>
    public IReadOnlyList<FakeBotMessage> MessagesFrom(int userMessageId)
    {
        var all = Telegram.BotMessages(Chat).Where(m => !m.IsDeleted).ToList();
        var first = all.FindIndex(m => m.ReplyToMessageId == userMessageId);
        return first < 0 ? [] : all.Skip(first).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Model.DisposeAsync();
        Home.Dispose();
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
