using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Tests.Processes;

/// <summary>The agents' environment is an allow-list; the bot's own settings and the bot token never pass.</summary>
public sealed class EnvironmentPolicyTests
{
    private const string BotToken = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static readonly Dictionary<string, string> Parent = new()
    {
        ["PATH"] = "/usr/bin:/bin",
        ["HOME"] = "/home/me",
        ["USER"] = "me",
        ["LANG"] = "C.UTF-8",
        ["LC_ALL"] = "C.UTF-8",
        ["TERM"] = "xterm",
        ["TMPDIR"] = "/tmp",
        ["SHELL"] = "/bin/bash",
        ["CODEX_HOME"] = "/home/me/.codex",
        ["CLAUDE_CONFIG_DIR"] = "/home/me/.claude",
        ["OPENAI_API_KEY"] = "sk-openai",
        ["ANTHROPIC_API_KEY"] = "sk-ant",
        ["Telegram__BotToken"] = BotToken,
        ["TELEGRAM__BOTTOKEN"] = "upper-case-copy",
        ["Access__AdminUserIds__0"] = "1000",
        ["web__Password"] = "hunter22",
        ["SOME_API_TOKEN"] = "some-secret-token",
        ["AWS_SECRET_ACCESS_KEY"] = "aws-secret",
        ["GITHUB_TOKEN"] = "ghp_secret",
        ["MY_TOOL_HOME"] = "/opt/tool",
        ["LEAKED_COPY"] = "prefix " + BotToken,
    };

    [Fact]
    public void By_default_only_the_basics_and_the_engines_sign_in_variables_pass()
    {
        var child = EnvironmentPolicy.Default.WithSecretValues([BotToken]).Apply(Parent);

        Assert.Equal(
            ["ANTHROPIC_API_KEY", "CLAUDE_CONFIG_DIR", "CODEX_HOME", "HOME", "LANG", "LC_ALL", "OPENAI_API_KEY", "PATH", "SHELL", "TERM", "TMPDIR", "USER"],
            child.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/usr/bin:/bin", child["PATH"]);
    }

    [Fact]
    public void An_engines_prefix_passes_its_variables_but_not_the_bot_token_under_them()
    {
        var parent = new Dictionary<string, string>(Parent)
        {
            ["COPILOT_MODEL"] = "claude-sonnet-4.5",
            ["COPILOT_OFFLINE"] = "true",
            ["COPILOT_TOKEN_COPY"] = BotToken,
            ["copilot_lower"] = "case matters",
        };

        var child = EnvironmentPolicy.Default.WithSecretValues([BotToken]).WithPassedPrefixes(["COPILOT_"]).Apply(parent);

        Assert.Equal("claude-sonnet-4.5", child["COPILOT_MODEL"]);
        Assert.Equal("true", child["COPILOT_OFFLINE"]);
        Assert.False(child.ContainsKey("COPILOT_TOKEN_COPY"));
        Assert.False(child.ContainsKey("copilot_lower"));
        Assert.False(child.ContainsKey("Telegram__BotToken"));
        Assert.False(child.ContainsKey("GITHUB_TOKEN"));
        Assert.False(EnvironmentPolicy.Default.Apply(parent).ContainsKey("COPILOT_MODEL")); // only for the engine that asks
    }

    [Fact]
    public void Names_listed_to_pass_are_added()
    {
        var child = EnvironmentPolicy.Default.WithPassedNames(["MY_TOOL_HOME", " GITHUB_TOKEN ", ""]).Apply(Parent);

        Assert.Equal("/opt/tool", child["MY_TOOL_HOME"]);
        Assert.Equal("ghp_secret", child["GITHUB_TOKEN"]);
        Assert.False(child.ContainsKey("SOME_API_TOKEN"));
        Assert.False(child.ContainsKey("AWS_SECRET_ACCESS_KEY"));
    }

    [Fact]
    public void The_bots_own_settings_never_pass_even_when_listed_or_set_explicitly()
    {
        var policy = EnvironmentPolicy.Default.WithPassedNames(["Telegram__BotToken", "TELEGRAM__BOTTOKEN", "Access__AdminUserIds__0", "web__Password"]);

        var child = policy.Apply(Parent, [new("Telegram__BotToken", "explicit"), new("WEB__X", "y")]);

        Assert.DoesNotContain(child.Keys, k => k.StartsWith("telegram__", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(child.Keys, k => k.StartsWith("access__", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(child.Keys, k => k.StartsWith("web__", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_variable_carrying_the_bot_token_never_passes_whatever_its_name()
    {
        var policy = EnvironmentPolicy.Default.WithPassedNames(["LEAKED_COPY"]).WithSecretValues([BotToken]);

        var child = policy.Apply(Parent, [new("OPENAI_API_KEY", BotToken), new("ANTHROPIC_AUTH_TOKEN", "x" + BotToken + "x")]);

        Assert.DoesNotContain(child.Values, v => v.Contains(BotToken, StringComparison.Ordinal));
        Assert.False(child.ContainsKey("LEAKED_COPY"));
        Assert.False(child.ContainsKey("OPENAI_API_KEY"));
    }

    [Fact]
    public void Explicit_variables_are_set_on_top_and_a_null_value_removes_an_inherited_one()
    {
        var child = EnvironmentPolicy.Default.Apply(Parent, [new("HOME", "/tmp/home"), new("FAKE_KEY", "k"), new("ANTHROPIC_API_KEY", null)]);

        Assert.Equal("/tmp/home", child["HOME"]);
        Assert.Equal("k", child["FAKE_KEY"]);
        Assert.False(child.ContainsKey("ANTHROPIC_API_KEY"));
    }

    [Fact]
    public void Short_or_blank_secrets_are_ignored_so_they_cannot_empty_the_environment()
    {
        var policy = EnvironmentPolicy.Default.WithSecretValues(["", "  ", "1", null]);

        Assert.Empty(policy.SecretValues);
        Assert.Equal("/usr/bin:/bin", policy.Apply(Parent)["PATH"]);
    }

    [Fact]
    public async Task A_command_with_only_the_policys_environment_sees_nothing_else()
    {
        var variables = EnvironmentPolicy.Default.Apply(
            [new("PATH", Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"), new("SOME_API_TOKEN", "secret-value")],
            [new("MARKER", "passed")]);

        await using var process = new ProcessCommand("env").WithOnlyEnvironment(variables).Start();
        var lines = new List<string>();
        await foreach (var line in process.StandardOutput.ReadAllAsync().WithCancellation(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token))
        {
            lines.Add(line);
        }

        // PWD is the working folder, set by the /bin/sh that starts the agent in a process group of its own.
        Assert.Equal(
            ["MARKER=passed", "PATH"],
            lines.Where(l => !l.StartsWith("PWD=", StringComparison.Ordinal))
                .Select(l => l.StartsWith("PATH=", StringComparison.Ordinal) ? "PATH" : l)
                .Order(StringComparer.Ordinal));
    }
}
