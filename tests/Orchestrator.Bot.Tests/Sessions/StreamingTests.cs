using System.Text;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>Text in a private chat becomes a Codex turn whose answer streams into one message edited in place.</summary>
public sealed class StreamingTests
{
    [Fact]
    public async Task The_answer_grows_in_one_message_and_ends_as_the_formatted_full_text()
    {
        await using var codex = await CodexBot.StartAsync();
        var deltas = Enumerable.Range(0, 30).Select(i => i == 0 ? "Here is **the plan**:\n" : $"step {i} with `code`\n").ToArray();
        codex.Model.Enqueue(FakeResponse.Streamed(deltas).WithPacing(TimeSpan.FromMilliseconds(100)));

        var asked = codex.Say("make a plan");

        var final = await codex.ReplyToAsync(asked, m => m.Text.Contains("step 29 with code", StringComparison.Ordinal) && m.Buttons.Count == 0, "the final answer");
        Assert.Equal("HTML", final.ParseMode);
        Assert.Contains("<b>the plan</b>", final.RawText, StringComparison.Ordinal);
        Assert.Contains("<code>code</code>", final.RawText, StringComparison.Ordinal);
        Assert.StartsWith("Here is the plan:", final.Text, StringComparison.Ordinal);
        Assert.True(final.EditCount >= 2, $"expected the message to be edited as it grew, got {final.EditCount} edits");
        Assert.Contains(final.History, h => h.Contains("step", StringComparison.Ordinal) && !h.Contains("step 29", StringComparison.Ordinal));
        Assert.Single(codex.MessagesFrom(asked));
        Assert.Contains(codex.Telegram.ChatActions, a => a.ChatId == codex.Chat && a.Action == "typing" && a.Time <= final.SentAt);
        Assert.Equal(0, codex.Telegram.RateLimitViolations);

        var turn = Assert.Single(await codex.Bot.Service<TurnStore>().ListByAgentAsync(await AgentIdAsync(codex), 10));
        Assert.Equal(TurnStatus.Completed, turn.Status);
        Assert.Equal(string.Concat(deltas), turn.FinalText);
        Assert.Equal("make a plan", turn.Prompt);
    }

    [Fact]
    public async Task A_12000_character_answer_continues_in_new_messages_without_losing_or_repeating_text()
    {
        await using var codex = await CodexBot.StartAsync();
        var text = new StringBuilder();
        for (var line = 1; text.Length < 12_000; line++)
        {
            text.Append("Line ").Append(line).Append(": the quick brown fox jumps over the lazy dog again and again.\n");
        }

        var answer = text.ToString().TrimEnd();
        codex.Model.Enqueue(FakeResponse.Text(answer, deltaCount: 60));

        var asked = codex.Say("write a lot");

        await codex.Telegram.WaitForAsync(
            _ => codex.MessagesFrom(asked) is { Count: >= 3 } pages && pages.All(p => p.Buttons.Count == 0) && pages[^1].Text.EndsWith("again and again.", StringComparison.Ordinal) ? pages : null,
            CodexBot.Timeout,
            "all pages final");
        var messages = codex.MessagesFrom(asked);
        Assert.All(messages, m => Assert.True(m.Text.Length <= 4096, $"page of {m.Text.Length} characters"));
        var lines = messages.SelectMany(m => m.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(answer.Split('\n'), lines);
    }

    [Fact]
    public async Task A_failed_model_call_ends_the_turn_with_a_reason_and_the_next_message_works()
    {
        await using var codex = await CodexBot.StartAsync();
        codex.Model.Enqueue(FakeResponse.HttpError(400, "model exploded"), FakeResponse.Text("all good now"));

        var first = codex.Say("hello");
        var failed = await codex.ReplyToAsync(first, m => m.Text.Contains("Failed", StringComparison.Ordinal), "a failure notice");
        Assert.Empty(failed.Buttons);

        var second = codex.Say("again");
        await codex.ReplyToAsync(second, m => m.Text == "all good now", "the second answer");
    }

    internal static async Task<string> AgentIdAsync(CodexBot codex)
    {
        var agents = codex.Bot.Service<AgentStore>();
        var agent = await agents.GetOrCreateCurrentAsync(new ChatKey(codex.Chat, 0), () => throw new InvalidOperationException("no agent"));
        return agent.Id;
    }
}
