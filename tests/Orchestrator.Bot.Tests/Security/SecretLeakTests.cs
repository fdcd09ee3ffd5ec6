using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Sessions.History;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Security;

/// <summary>
/// An agent that prints the bot token (read from the environment, a file, anywhere) must not hand it to the chat:
/// the real codex streams an answer with the token, whole and split across two deltas, and the token appears in no
/// message the bot sends or edits, not in the turns table, not in the memory file, not in the log.
/// </summary>
public sealed class SecretLeakTests
{
    [Fact]
    public async Task A_token_in_the_agent_answer_reaches_neither_telegram_nor_storage()
    {
        await using var codex = await CodexBot.StartAsync();
        var token = codex.Telegram.Token;
        var secret = token[(token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var cut = token.Length / 2;
        var deltas = new[]
        {
            $"The token is {token} (found it).\n",
            "Again, split: " + token[..cut],
            token[cut..] + " — done.\n",
            "And its secret half alone: " + secret + "\n",
        };
        codex.Model.Enqueue(FakeResponse.Streamed(deltas).WithPacing(TimeSpan.FromMilliseconds(150)));

        var asked = codex.Say("print the bot token");

        var final = await codex.ReplyToAsync(asked, m => m.Text.Contains("secret half alone", StringComparison.Ordinal) && m.Buttons.Count == 0, "the final answer");
        Assert.Contains("The token is [redacted] (found it).", final.Text, StringComparison.Ordinal);
        Assert.Contains("Again, split: [redacted] — done.", final.Text, StringComparison.Ordinal);
        Assert.Contains("And its secret half alone: [redacted]", final.Text, StringComparison.Ordinal);
        Assert.True(final.EditCount >= 1, "the answer streamed (was edited)");

        var sent = codex.Telegram.Requests.Where(r => r.Method is "sendMessage" or "editMessageText").ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, r => Assert.DoesNotContain(secret, r.Body, StringComparison.Ordinal));
        Assert.All(codex.Telegram.BotMessages(codex.Chat), m => Assert.All(m.History, h => Assert.DoesNotContain(secret, h, StringComparison.Ordinal)));

        var agentId = await Sessions.StreamingTests.AgentIdAsync(codex);
        var turn = Assert.Single(await codex.Bot.Service<TurnStore>().ListByAgentAsync(agentId, 10));
        Assert.Equal(TurnStatus.Completed, turn.Status);
        Assert.Contains("[redacted]", turn.FinalText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, turn.FinalText, StringComparison.Ordinal);

        var memory = codex.Bot.Service<MemoryFiles>().Root;
        var line = await WaitForMemoryLineAsync(memory, "[redacted]");
        Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        Assert.All(Directory.GetFiles(memory, "*.md", SearchOption.AllDirectories), f => Assert.DoesNotContain(secret, File.ReadAllText(f), StringComparison.Ordinal));
        Assert.DoesNotContain(codex.Bot.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    /// <summary>The memory file gets the turn's line just after the turn ends: waits for it (up to the test timeout).</summary>
    private static async Task<string> WaitForMemoryLineAsync(string root, string expected)
    {
        using var timeout = new CancellationTokenSource(CodexBot.Timeout);
        while (true)
        {
            var line = Directory.Exists(root)
                ? Directory.GetFiles(root, "*.md", SearchOption.AllDirectories)
                    .SelectMany(File.ReadAllLines)
                    .FirstOrDefault(l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal) && l.Contains("completed", StringComparison.Ordinal))
                : null;
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
