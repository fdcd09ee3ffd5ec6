using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Bot.Tests.Media;
using Orchestrator.Bot.Tests.Sessions.Commands;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.Copilot;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>
/// The REAL GitHub Copilot CLI as a chat's engine over ACP (Agents:DefaultEngine = copilot), offline
/// (COPILOT_OFFLINE=true, its own HOME) against a fake Anthropic server as its provider.
/// </summary>
public sealed class CopilotChatTests : IAsyncLifetime
{
    private FakeAnthropicServer _anthropic = null!;
    private CopilotHome _home = null!;
    private CodexBot _bot = null!;

    public async Task InitializeAsync()
    {
        _anthropic = await FakeAnthropicServer.StartAsync();
        _home = CopilotHome.Create(_anthropic.BaseUrl);
        _bot = await CodexBot.StartAsync(s =>
        {
            s["Agents:DefaultEngine"] = "copilot";
            UseCopilot(s, _home);
            s["Engines:Acp:copilot:Models:0"] = "claude-sonnet-4.5";
            s["Engines:Acp:copilot:Models:1"] = "claude-haiku-4.5";
        });
    }

    /// <summary>Points the bot's <c>copilot</c> engine at the installed CLI and <paramref name="home"/>.</summary>
    internal static void UseCopilot(Dictionary<string, string?> settings, CopilotHome home)
    {
        settings["Engines:Acp:copilot:Command"] = AgentClis.Copilot;
        foreach (var (key, value) in home.EnvironmentVariables)
        {
            settings[$"Engines:Acp:copilot:Environment:{key}"] = value ?? "";
        }
    }

    [Fact]
    public async Task The_answer_streams_into_one_message_and_a_restart_resumes_the_conversation()
    {
        var streaming = FakeAnthropicResponse.Text("The word ", "is ", "lantern.");
        var gate = streaming.HoldBefore(2);
        _anthropic.Enqueue(streaming);
        var asked = _bot.Say("remember the word lantern");

        // The first pieces are in the chat while the model is still writing.
        var live = await _bot.ReplyToAsync(asked, m => m.Text.Contains("The word is", StringComparison.Ordinal), "the partial answer");
        Assert.DoesNotContain("lantern.", live.Text, StringComparison.Ordinal);
        gate.Release();
        var final = await _bot.ReplyToAsync(asked, m => m.Text == "The word is lantern." && m.Buttons.Count == 0, "Copilot's answer");
        Assert.Equal(live.MessageId, final.MessageId);
        Assert.Single(_bot.MessagesFrom(asked));

        var status = await _bot.AskAsync("/status");
        Assert.Contains("(copilot)", status.Text, StringComparison.Ordinal);
        var sessionId = (await _bot.CurrentAgentAsync()).SessionId;
        Assert.NotNull(sessionId);

        await _bot.Bot.RestartAsync();
        _anthropic.Enqueue(FakeAnthropicResponse.Text("It was lantern."));
        var next = _bot.Say("what was the word?");
        await _bot.ReplyToAsync(next, m => m.Text == "It was lantern." && m.Buttons.Count == 0, "the answer after the restart");
        var texts = _anthropic.Requests[^1].Texts;
        Assert.Contains(texts, t => t.Contains("remember the word lantern", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("The word is lantern.", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("what was the word?", StringComparison.Ordinal));
        Assert.Equal(sessionId, (await _bot.CurrentAgentAsync()).SessionId);
    }

    [Fact]
    public async Task Stop_cancels_the_copilot_turn_and_the_next_message_works()
    {
        var streaming = FakeAnthropicResponse.Text("Part one. ", "never sent");
        var gate = streaming.HoldBefore(1);
        _anthropic.Enqueue(streaming);

        var asked = _bot.Say("long job");
        await _bot.ReplyToAsync(asked, m => m.Text.Contains("Part one.", StringComparison.Ordinal), "the partial answer");
        await gate.Reached.WaitAsync(CodexBot.Timeout);
        _bot.Say("/stop");

        var stopped = await _bot.ReplyToAsync(asked, m => m.Text.Contains("Stopped by", StringComparison.Ordinal) && m.Buttons.Count == 0, "the stopped message");
        Assert.DoesNotContain("never sent", stopped.Text, StringComparison.Ordinal);

        // session/cancel reached Copilot: it dropped the model request it was streaming.
        await _anthropic.Requests[0].Finished.WaitAsync(CodexBot.Timeout);
        Assert.True(_anthropic.Requests[0].WasCut);

        _anthropic.Enqueue(FakeAnthropicResponse.Text("Ready again."));
        var next = _bot.Say("next");
        await _bot.ReplyToAsync(next, m => m.Text == "Ready again." && m.Buttons.Count == 0, "the next answer");
    }

    [Theory]
    [InlineData("✅ Approve", true)]
    [InlineData("🚫 Deny", false)]
    public async Task A_shell_permission_request_shows_buttons_and_the_decision_is_applied(string button, bool runs)
    {
        var target = Path.Combine(_bot.Workspace, "copilot-done.txt");
        _anthropic.Enqueue(
            FakeAnthropicResponse.ToolUse("bash", new Dictionary<string, object?> { ["command"] = $"touch {target}", ["description"] = "Mark the task done" }),
            FakeAnthropicResponse.Text("Finished."));

        var asked = _bot.Say("mark it done");
        var prompt = await _bot.Telegram.WaitForBotMessageAsync(_bot.Chat, m => m.AllButtons.Any(b => b.Text == "🚫 Deny"), CodexBot.Timeout, "an approval prompt");
        Assert.Contains($"touch {target}", prompt.Text, StringComparison.Ordinal);
        Assert.Contains(prompt.AllButtons, b => b.Text == "✅ Approve");

        _bot.Telegram.PressButton(_bot.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == button).CallbackData!);

        // Approved: the command's output goes back to the model, which answers. Denied: Copilot ends the turn at once.
        var final = await _bot.ReplyToAsync(asked, m => m.Buttons.Count == 0 && (m.Text.Contains("Finished.", StringComparison.Ordinal) || m.Text.Contains("cancelled", StringComparison.OrdinalIgnoreCase)), "the final answer");
        Assert.Equal(runs, final.Text.Contains("Finished.", StringComparison.Ordinal));
        Assert.Equal(runs, File.Exists(target));
    }

    [Fact]
    public async Task A_photo_reaches_the_model_as_an_image_block_with_the_same_bytes()
    {
        var png = TestImages.Png(30, 200, 30);
        _anthropic.Enqueue(FakeAnthropicResponse.Text("Green."));

        var asked = _bot.SendPhoto("AgACcopilotphoto", png, new Orchestrator.Testing.Telegram.FakeMediaMessage { Caption = "What colour is this?" });
        await _bot.ReplyToAsync(asked, m => m.Text == "Green." && m.Buttons.Count == 0, "the answer");

        var request = Assert.Single(_anthropic.Requests);
        var block = Assert.Single(request.Blocks("image"));
        Assert.Equal("image/png", (string?)block["source"]?["media_type"]);
        Assert.Equal(png, Convert.FromBase64String((string?)block["source"]?["data"] ?? ""));
        Assert.Contains(request.Texts, t => t.Contains("What colour is this?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Model_offers_the_configured_models_and_a_choice_reaches_the_provider()
    {
        var keyboard = await _bot.AskAsync("/model");
        Assert.Equal(["claude-sonnet-4.5", "claude-haiku-4.5", "✅ Engine default"], keyboard.AllButtons.Select(b => b.Text));
        await _bot.PressAsync(keyboard, "claude-haiku-4.5");

        _anthropic.Enqueue(FakeAnthropicResponse.Text("Quick answer."));
        var asked = _bot.Say("hi");
        await _bot.ReplyToAsync(asked, m => m.Text == "Quick answer." && m.Buttons.Count == 0, "the answer");
        Assert.Equal("claude-haiku-4.5", (string?)_anthropic.Requests[^1].Body?["model"]);
    }

    [Fact]
    public async Task Send_copilot_implement_runs_in_its_own_worktree_and_the_branch_holds_the_change()
    {
        var repository = Orchestrator.Bot.Tests.CodingSessions.GitRepository.Create(_bot.Workspace, "app");
        _bot.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/project add " + repository);
        await _bot.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.StartsWith("📦 Project app added", StringComparison.Ordinal), CodexBot.Timeout, "the project");
        // A relative path: the command runs in the session's folder, which must be the worktree, not the checkout.
        _anthropic.Enqueue(
            FakeAnthropicResponse.ToolUse("bash", new Dictionary<string, object?> { ["command"] = "echo copilot > shared.txt", ["description"] = "Write the file" }),
            FakeAnthropicResponse.Text("Written."));

        var asked = _bot.Say("/send copilot implement app write copilot into shared.txt");
        var prompt = await _bot.Telegram.WaitForBotMessageAsync(_bot.Chat, m => m.AllButtons.Any(b => b.Text == "✅ Approve"), CodexBot.Timeout, "the approval");
        _bot.Telegram.PressButton(_bot.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
        var card = await _bot.ReplyToAsync(asked, m => m.Text.StartsWith("🚀 Session", StringComparison.Ordinal), "the session card");
        var id = card.Text.Split(' ', 3)[2].TrimEnd(':')[..6];
        var diff = await _bot.Telegram.WaitForAsync(
            t => t.Documents.FirstOrDefault(d => d.Caption?.Contains($"Session {id}, turn 1", StringComparison.Ordinal) == true),
            CodexBot.Timeout, "the turn's diff");

        Assert.Contains("+copilot", diff.Text, StringComparison.Ordinal);
        var branch = $"orch/copilot/app/{id}";
        Assert.Equal("copilot\n", Orchestrator.Bot.Tests.CodingSessions.GitRepository.Run(repository, "show", $"{branch}:shared.txt"));
        Assert.Equal("base\n", File.ReadAllText(Path.Combine(repository, "shared.txt")));
        Assert.Equal("", Orchestrator.Bot.Tests.CodingSessions.GitRepository.Run(repository, "status", "--porcelain"));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _anthropic.DisposeAsync();
        _home.Dispose();
    }
}
