using Orchestrator.Agents.Claude;

namespace Orchestrator.Agents.Tests.Claude;

public sealed class ClaudeMappingTests
{
    private static readonly Transcript MultiTurn = Transcript.Load("claude1_multiturn.jsonl");

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0 }, "image/jpeg")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 0 }, "image/gif")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P', 0 }, "image/webp")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, null)]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F' }, null)]
    [InlineData(new byte[0], null)]
    public void Image_media_types_come_from_the_magic_bytes(byte[] bytes, string? expected) =>
        Assert.Equal(expected, ClaudeInputMapper.DetectImageMediaType(bytes));

    [Fact]
    public void A_missing_image_or_empty_input_is_refused_clearly()
    {
        var missing = Assert.Throws<ArgumentException>(() => ClaudeInputMapper.Map([new ImageInput("/no/such/file.png")]));
        Assert.Contains("/no/such/file.png", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ClaudeInputMapper.Map([]));
    }

    [Fact]
    public void Approve_for_session_sends_the_suggested_rules_for_the_session_and_covers_only_the_same_request()
    {
        var request = MultiTurn.Output(36, 36).Single().Request!;
        var other = MultiTurn.Output(59, 59).Single().Request!;
        var rules = new ClaudeSessionRules();
        Assert.False(rules.Covers(request));

        var updates = rules.Remember(request);

        Assert.NotNull(updates);
        var update = Assert.Single(updates!.Value.EnumerateArray());
        Assert.Equal("addRules", update.GetProperty("type").GetString());
        Assert.Equal("session", update.GetProperty("destination").GetString());
        Assert.Equal("touch /srv/demo/cws/claude_ok.txt && echo made", update.GetProperty("rules")[0].GetProperty("ruleContent").GetString());
        Assert.True(rules.Covers(request));
        Assert.False(rules.Covers(other));
        Assert.Equal("localSettings", request.PermissionSuggestions[0].GetProperty("destination").GetString());
    }

    [Fact]
    public void The_launch_uses_stream_json_stdio_permissions_and_the_session_id()
    {
        var engine = new ClaudeEngineOptions { Command = "/opt/claude" };
        engine.EnvironmentVariables["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:1";
        var session = new AgentSessionOptions("/work/dir", Model: "claude-sonnet-4-5", Persona: "Be brief; use \"quotes\".");

        var fresh = ClaudeCommandLine.Build(engine, session, "id-1", resume: false);
        var resumed = ClaudeCommandLine.Build(engine, session, "id-1", resume: true);

        Assert.Equal("/opt/claude", fresh.TargetFilePath);
        Assert.Equal("/work/dir", fresh.WorkingDirectory);
        Assert.Equal("http://127.0.0.1:1", fresh.EnvironmentVariables["ANTHROPIC_BASE_URL"]);
        Assert.False(fresh.InheritsEnvironment);
        Assert.Equal(
            ["-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--include-partial-messages",
             "--permission-mode", "default", "--permission-prompt-tool", "stdio", "--model", "claude-sonnet-4-5",
             "--append-system-prompt", "Be brief; use \"quotes\".", "--setting-sources", "user", "--session-id", "id-1"],
            fresh.Arguments.ToArray());
        Assert.Equal(["--resume", "id-1"], resumed.Arguments[^2..].ToArray());
        Assert.DoesNotContain("--model", ClaudeCommandLine.Build(engine, new AgentSessionOptions("/w"), "id", false).Arguments);
    }
}
