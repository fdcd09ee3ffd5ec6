using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Sessions.Commands;

/// <summary>The owner's side of a conversation with the bot: commands, turns and button presses, each awaited.</summary>
internal static class ChatScript
{
    /// <summary>Sends <paramref name="text"/> (a command) and returns the bot's one-message answer.</summary>
    public static async Task<FakeBotMessage> AskAsync(this CodexBot codex, string text)
    {
        var asked = codex.Say(text);
        return await codex.ReplyToAsync(asked, _ => true, $"the answer to {text}");
    }

    /// <summary>The model answers <paramref name="answer"/> to <paramref name="prompt"/>; returns the model request and the final reply.</summary>
    public static async Task<(RecordedRequest Request, FakeBotMessage Reply)> TurnAsync(this CodexBot codex, string prompt, string answer)
    {
        var before = codex.Model.Requests.Count;
        codex.Model.Enqueue(FakeResponse.Text(answer));
        var asked = codex.Say(prompt);
        var reply = await codex.ReplyToAsync(asked, m => m.Text == answer && m.Buttons.Count == 0, $"the answer to {prompt}");
        var request = codex.Model.Requests.Skip(before).Last(r => r.HasUserText(prompt));
        return (request, reply);
    }

    /// <summary>Presses the button of <paramref name="keyboard"/> whose text contains <paramref name="label"/>; returns the bot's reply to it.</summary>
    public static async Task<FakeBotMessage> PressAsync(this CodexBot codex, FakeBotMessage keyboard, string label)
    {
        var button = keyboard.AllButtons.First(b => b.Text.Contains(label, StringComparison.Ordinal));
        var answered = codex.Telegram.CallbackAnswers.Count;
        var replies = RepliesTo(codex, keyboard.MessageId).Count;
        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, keyboard.MessageId, button.CallbackData!);
        var reply = await codex.Telegram.WaitForAsync(
            _ => RepliesTo(codex, keyboard.MessageId) is { } all && all.Count > replies ? all[replies] : null, CodexBot.Timeout, $"the reply to pressing {label}");
        await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.Count > answered ? t : null, CodexBot.Timeout, "the callback answer");
        return reply;
    }

    /// <summary>Presses a button with <paramref name="data"/> under <paramref name="messageId"/> and returns the callback answer's text.</summary>
    public static async Task<string?> PressForAnswerAsync(this CodexBot codex, int messageId, string data)
    {
        var answered = codex.Telegram.CallbackAnswers.Count;
        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, messageId, data);
        var answer = await codex.Telegram.WaitForAsync(t => t.CallbackAnswers.Count > answered ? t.CallbackAnswers[answered] : null, CodexBot.Timeout, "the callback answer");
        return answer.Text;
    }

    public static async Task<AgentRecord> CurrentAgentAsync(this CodexBot codex) =>
        (await codex.Bot.Service<AgentStore>().GetCurrentAsync(new ChatKey(codex.Chat, 0)))!;

    private static List<FakeBotMessage> RepliesTo(CodexBot codex, int messageId) =>
        [.. codex.Telegram.BotMessages(codex.Chat).Where(m => m.ReplyToMessageId == messageId)];
}
