using System.Globalization;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.Copilot;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Sessions;

/// <summary>
/// The agent runs <c>env</c> in a REAL codex / claude started by the bot as a real process whose environment holds the
/// bot token (<c>Telegram__BotToken</c>, as the README passes it) and other secrets: the command's output (which the
/// model receives, and the chat may show) has neither, while the basics, the engines' sign-in variables and the names
/// listed in <c>Agents:PassEnvironment</c> do pass.
/// </summary>
public sealed class AgentEnvironmentTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private const string SecretToken = "some-api-token-secret-value-42";
    private FakeBotApiServer _telegram = null!;
    private string _workspace = "";

    public async Task InitializeAsync()
    {
        _telegram = await FakeBotApiServer.StartAsync();
        _workspace = Directory.CreateTempSubdirectory("orchestrator-env-").FullName;
    }

    [Fact]
    public async Task Codex_commands_see_only_the_allow_list_and_never_the_bot_token()
    {
        await using var model = await FakeResponsesServer.StartAsync();
        using var home = CodexHome.Create(model.BaseUrl);
        model.Enqueue(FakeResponse.ExecCommand("env", _workspace, sandboxPermissions: null), FakeResponse.Text("Listed."));
        var settings = BotSettings("codex");
        settings["Codex:Command"] = AgentClis.Codex;
        settings["Agents:ApprovalPolicy"] = "never";
        settings["Agents:Sandbox"] = "danger-full-access";

        // Plain environment of the bot, not Codex:Environment: FAKE_KEY passes only because config.toml names it as env_key.
        foreach (var (key, value) in home.EnvironmentVariables)
        {
            settings[key] = value;
        }

        await using var bot = await StartAsync(settings);
        _telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "list the environment");
        var asked = _telegram.LastUserMessageId;
        await _telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.ReplyToMessageId == asked && m.Text.Contains("Listed.", StringComparison.Ordinal) && m.Buttons.Count == 0, Timeout, "the final answer");

        var output = string.Concat((await model.WaitForRequestAsync(1)).FunctionCallOutputs.Values);
        AssertOnlyTheAllowListPassed(output, bot);
        Assert.Contains("FAKE_KEY=fake-key", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_commands_see_only_the_allow_list_and_never_the_bot_token()
    {
        await using var anthropic = await FakeAnthropicServer.StartAsync();
        using var home = ClaudeHome.Create(anthropic.BaseUrl);
        anthropic.Enqueue(FakeAnthropicResponse.Bash("env", "List the environment"), FakeAnthropicResponse.Text("Listed."));
        var settings = BotSettings("claude");
        settings["Agents:DefaultEngine"] = "claude";
        settings["Claude:Command"] = AgentClis.Claude;
        foreach (var (key, value) in home.EnvironmentVariables)
        {
            settings[$"Claude:Environment:{key}"] = value ?? "";
        }

        await using var bot = await StartAsync(settings);
        _telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "list the environment");
        var asked = _telegram.LastUserMessageId;
        var prompt = await _telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.AllButtons.Any(b => b.Text == "✅ Approve") || m.Text.Contains("Listed.", StringComparison.Ordinal), Timeout, "an approval prompt or the answer");
        if (prompt.AllButtons.FirstOrDefault(b => b.Text == "✅ Approve") is { } approve)
        {
            _telegram.PressButton(BotHarness.OwnerId, BotHarness.OwnerId, prompt.MessageId, approve.CallbackData!);
        }

        await _telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.ReplyToMessageId == asked && m.Text.Contains("Listed.", StringComparison.Ordinal) && m.Buttons.Count == 0, Timeout, "the final answer");

        var output = string.Concat(anthropic.Requests[^1].Blocks("tool_result").Select(b => b.ToJsonString()));
        AssertOnlyTheAllowListPassed(output, bot);
        Assert.Contains("ANTHROPIC_BASE_URL=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copilot_commands_see_its_COPILOT_variables_and_the_allow_list_but_never_the_bot_token()
    {
        await using var anthropic = await FakeAnthropicServer.StartAsync();
        using var home = CopilotHome.Create(anthropic.BaseUrl);
        anthropic.Enqueue(
            FakeAnthropicResponse.ToolUse("bash", new Dictionary<string, object?> { ["command"] = "env", ["description"] = "List the environment" }),
            FakeAnthropicResponse.Text("Listed."));
        var settings = BotSettings("copilot");
        settings["Agents:DefaultEngine"] = "copilot";
        settings["Engines:Acp:copilot:Command"] = AgentClis.Copilot;
        settings["Engines:Acp:copilot:Environment:HOME"] = home.Path;

        // Plain environment of the bot, not Engines:Acp:copilot:Environment: they pass because of the COPILOT_ prefix.
        foreach (var (key, value) in home.EnvironmentVariables.Where(v => v.Key.StartsWith("COPILOT_", StringComparison.Ordinal)))
        {
            settings[key] = value;
        }

        await using var bot = await StartAsync(settings);
        _telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "list the environment");
        var asked = _telegram.LastUserMessageId;
        var prompt = await _telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.AllButtons.Any(b => b.Text == "✅ Approve"), Timeout, "an approval prompt");
        _telegram.PressButton(BotHarness.OwnerId, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.First(b => b.Text == "✅ Approve").CallbackData!);
        await _telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.ReplyToMessageId == asked && m.Text.Contains("Listed.", StringComparison.Ordinal) && m.Buttons.Count == 0, Timeout, "the final answer");

        var output = string.Concat(anthropic.Requests[^1].Blocks("tool_result").Select(b => b.ToJsonString()));
        AssertOnlyTheAllowListPassed(output, bot);

        // The COPILOT_ variables reached Copilot (it found the fake provider only through them, with the model they
        // name); Copilot itself keeps them (its API key among them) out of its shell tool's environment.
        Assert.Equal(CopilotHome.Model, (string?)anthropic.Requests[0].Body?["model"]);
        Assert.DoesNotContain("sk-ant-fake-key", output, StringComparison.Ordinal);
    }

    private void AssertOnlyTheAllowListPassed(string output, BotProcess bot)
    {
        Assert.True(output.Contains("PATH=", StringComparison.Ordinal), $"the env output reached the model: {output}\n{bot.Output}");
        Assert.DoesNotContain(_telegram.Token, output, StringComparison.Ordinal);
        Assert.DoesNotContain(_telegram.Token[(_telegram.Token.IndexOf(':', StringComparison.Ordinal) + 1)..], output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretToken, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Telegram__", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Access__", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("LC_ORCHESTRATOR_TEST=lc-passes", output, StringComparison.Ordinal);
        Assert.Contains("ORCHESTRATOR_PASSED=passed-by-name", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ORCHESTRATOR_NOT_LISTED", output, StringComparison.Ordinal);
        foreach (var message in _telegram.BotMessages(BotHarness.OwnerId))
        {
            Assert.DoesNotContain(_telegram.Token, message.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(SecretToken, message.Text, StringComparison.Ordinal);
        }
    }

    private Dictionary<string, string?> BotSettings(string name) => new()
    {
        ["Telegram:BotToken"] = _telegram.Token, // Telegram__BotToken in the bot's environment
        ["Telegram:ApiBaseUrl"] = _telegram.BaseUrl,
        ["Telegram:PollingTimeoutSeconds"] = "2",
        ["Storage:DataDirectory"] = Directory.CreateDirectory(Path.Combine(_workspace, "..", Path.GetFileName(_workspace) + "-data-" + name)).FullName,
        ["Access:AllowedUserIds:0"] = BotHarness.OwnerId.ToString(CultureInfo.InvariantCulture),
        ["Agents:DefaultWorkingDirectory"] = _workspace,
        ["Agents:PassEnvironment:0"] = "ORCHESTRATOR_PASSED",
        ["Agents:PassEnvironment:1"] = "ORCHESTRATOR_TOKEN_COPY", // listed, but it carries the bot token: still withheld
        ["SOME_API_TOKEN"] = SecretToken,
        ["ORCHESTRATOR_NOT_LISTED"] = "not-listed",
        ["ORCHESTRATOR_TOKEN_COPY"] = _telegram.Token,
        ["ORCHESTRATOR_PASSED"] = "passed-by-name",
        ["LC_ORCHESTRATOR_TEST"] = "lc-passes",
    };

    private async Task<BotProcess> StartAsync(Dictionary<string, string?> settings)
    {
        var bot = BotProcess.Start(settings, _workspace);
        await _telegram.WaitForAsync(t => t.RequestsFor("getUpdates").Count > 0 || bot.HasExited, Timeout, "the bot polling");
        Assert.False(bot.HasExited, bot.Output);
        return bot;
    }

    public async Task DisposeAsync()
    {
        await _telegram.DisposeAsync();
        foreach (var dir in Directory.EnumerateDirectories(Path.GetDirectoryName(_workspace)!, Path.GetFileName(_workspace) + "*"))
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
