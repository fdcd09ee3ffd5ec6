using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;

namespace Orchestrator.Core.Tests.CodingSessions;

public sealed class SendCommandTests
{
    [Fact]
    public void The_parts_are_agent_action_project_task_and_model()
    {
        var command = SendCommand.Parse("Codex implement My-App add a --verbose flag\nand tests --model gpt-5.1-codex");

        Assert.Equal(new SendCommand("codex", "implement", "my-app", "add a --verbose flag\nand tests", "gpt-5.1-codex"), command);
    }

    [Fact]
    public void The_model_may_come_anywhere_and_read_only_actions_need_no_task()
    {
        Assert.Equal(new SendCommand("claude", "review", "api", "the whole repository", "sonnet"), SendCommand.Parse("claude review --model sonnet api"));
        Assert.Equal(new SendCommand("reviewer", "analyze", "api", "src/auth", null), SendCommand.ParseShortcut("reviewer", "analyze", "api src/auth"));
    }

    [Theory]
    [InlineData("codex implement", "Usage: /send AGENT ACTION PROJECT")]
    [InlineData("codex deploy app now", "Unknown action “deploy”")]
    [InlineData("codex implement app", "Say what to implement")]
    [InlineData("codex plan app x --model", "--model needs a model name")]
    [InlineData("codex plan app x --model $(rm)", "not a model name")]
    public void Bad_input_is_refused_with_what_to_type(string arguments, string expected)
    {
        var refusal = Assert.Throws<RefusedException>(() => SendCommand.Parse(arguments));

        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_from_the_API_get_the_same_checks_as_a_typed_command()
    {
        Assert.Equal(new SendCommand("codex", "implement", "app", "add --model x to the docs", "gpt-5"),
            SendCommand.Of("Codex", "Implement", "App", "add --model x to the docs", "gpt-5"));
        Assert.Equal(new SendCommand("claude", "review", "app", "the whole repository", null), SendCommand.Of("claude", "review", "app", null, null));
        Assert.Contains("Say what to implement", Assert.Throws<RefusedException>(() => SendCommand.Of("codex", "implement", "app", " ", null)).Message, StringComparison.Ordinal);
        Assert.Contains("Unknown action", Assert.Throws<RefusedException>(() => SendCommand.Of("codex", "deploy", "app", "now", null)).Message, StringComparison.Ordinal);
        Assert.Contains("not a model name", Assert.Throws<RefusedException>(() => SendCommand.Of("codex", "plan", "app", "x", "$(rm)")).Message, StringComparison.Ordinal);
        Assert.Throws<RefusedException>(() => SendCommand.Of("co dex", "plan", "app", "x", null));
        Assert.Throws<RefusedException>(() => SendCommand.Of("codex", "plan", "my app", "x", null));
    }
}
