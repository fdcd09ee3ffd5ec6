using System.Text.Json;
using Orchestrator.Agents.Claude;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>Parsing and translation of real Claude Code stream-json lines (recorded transcripts).</summary>
public sealed class ClaudeStreamJsonTests
{
    private static readonly Transcript MultiTurn = Transcript.Load("claude1_multiturn.jsonl");
    private static readonly Transcript Resume = Transcript.Load("claude2_resume.jsonl");

    [Fact]
    public void Every_recorded_output_line_parses_with_its_type()
    {
        foreach (var transcript in new[] { MultiTurn, Resume })
        {
            var lines = transcript.Entries.Where(e => e.Direction == "s->c").ToList();
            Assert.NotEmpty(lines);
            Assert.All(lines, e => Assert.NotNull(Transcript.Parse(e.Line).Type));
        }
    }

    [Fact]
    public void Malformed_and_typeless_lines_are_rejected_with_a_reason()
    {
        Assert.False(ClaudeMessageParser.TryParse("not json", out _, out var error));
        Assert.NotNull(error);
        Assert.False(ClaudeMessageParser.TryParse("{\"no\":\"type\"}", out _, out _));
        Assert.False(ClaudeMessageParser.TryParse("[1,2]", out _, out _));
        Assert.True(ClaudeMessageParser.TryParse("{\"type\":\"something_new\",\"x\":{\"y\":1}}", out var unknown, out _));
        var events = new List<AgentEvent>();
        new ClaudeEventTranslator(null, events.Add).OnMessage(unknown!);
        Assert.Empty(events);
    }

    [Fact]
    public void Streamed_text_becomes_deltas_of_one_message_item()
    {
        var (events, translator) = MultiTurn.Translate(1, 12);

        Assert.Equal("You said: ECHO first turn", string.Concat(events.OfType<TextDelta>().Select(d => d.Delta)));
        Assert.All(events.OfType<TextDelta>(), d => Assert.Equal("msg_1", d.ItemId));
        var started = Assert.Single(events.OfType<ItemStarted>());
        Assert.Equal(AgentItemKind.AgentMessage, started.Item.Kind);
        var completed = Assert.Single(events.OfType<ItemCompleted>());
        Assert.Equal("You said: ECHO first turn", completed.Item.Text);
        Assert.Equal("You said: ECHO first turn", translator.LastText);
    }

    [Fact]
    public void A_result_carries_the_final_text_usage_and_session_cost()
    {
        var result = MultiTurn.Output(12, 12).Single();

        Assert.Equal("result", result.Type);
        Assert.Equal("success", result.Subtype);
        Assert.False(result.IsError);
        Assert.Equal("You said: ECHO first turn", result.Result);
        Assert.Equal(10, result.Usage!.InputTokens);
        Assert.Equal(4, result.Usage.OutputTokens);
        Assert.Equal(9e-05, result.TotalCostUsd!.Value, 10);
        Assert.Equal("757b9882-480b-4546-ae28-639dce003a01", result.SessionId);
    }

    [Fact]
    public void A_bash_tool_use_is_a_command_item_completed_by_its_tool_result()
    {
        var (events, _) = MultiTurn.Translate(27, 49);

        var started = Assert.Single(events.OfType<ItemStarted>(), e => e.Item.Kind == AgentItemKind.CommandExecution);
        Assert.Equal("toolu_3", started.Item.Id);
        Assert.Equal("touch /srv/demo/cws/claude_ok.txt && echo made", started.Item.Command);
        Assert.Equal("/srv/demo/cws", started.Item.Cwd);
        var completed = Assert.Single(events.OfType<ItemCompleted>(), e => e.Item.Kind == AgentItemKind.CommandExecution);
        Assert.Equal(AgentItemStatus.Completed, completed.Item.Status);
        Assert.Equal("made", completed.Item.Text);
        Assert.Equal(0, completed.Item.ExitCode);
        Assert.Equal("Tool done.", string.Concat(events.OfType<TextDelta>().Select(d => d.Delta)));
    }

    [Fact]
    public void A_can_use_tool_request_for_bash_becomes_a_command_approval()
    {
        var request = MultiTurn.Output(36, 36).Single();

        Assert.Equal("control_request", request.Type);
        var approval = ClaudeToolMapper.ToApproval(request.RequestId!, request.Request!, "/srv/demo/cws");
        Assert.Equal("59bb0e14-bbc6-4346-ae13-a81d3d6ec9df", approval.Id);
        Assert.Equal(ApprovalKind.Command, approval.Kind);
        Assert.Equal("touch /srv/demo/cws/claude_ok.txt && echo made", approval.Command);
        Assert.Equal("Run the requested command", approval.Reason);
        Assert.Equal("toolu_3", request.Request!.ToolUseId);
    }

    [Fact]
    public void A_denied_tool_use_completes_as_declined()
    {
        var (events, _) = MultiTurn.Translate(50, 72, "toolu_5");

        var completed = Assert.Single(events.OfType<ItemCompleted>(), e => e.Item.Kind == AgentItemKind.CommandExecution);
        Assert.Equal(AgentItemStatus.Declined, completed.Item.Status);
        Assert.Null(completed.Item.ExitCode);
    }

    [Fact]
    public void An_interrupted_stream_keeps_the_partial_text_and_its_result_is_an_aborted_error()
    {
        var (events, translator) = MultiTurn.Translate(73, 87);
        var result = MultiTurn.Output(88, 88).Single();

        Assert.Equal("tick0 tick1 tick2 ", translator.LastText);
        Assert.Equal("tick0 tick1 tick2 ", Assert.Single(events.OfType<ItemCompleted>()).Item.Text);
        Assert.True(result.IsError);
        Assert.Equal("error_during_execution", result.Subtype);
        Assert.Equal("aborted_streaming", result.TerminalReason);
    }

    [Fact]
    public void An_api_error_is_a_synthetic_message_and_a_success_result_flagged_is_error()
    {
        var start = Resume.Entries.ToList().FindIndex(e => e.Line.Contains("FAIL400", StringComparison.Ordinal));
        var (events, translator) = Resume.Translate(start, start + 5);
        var result = Resume.Output(start, start + 5).Last(m => m.Type == "result");

        Assert.Empty(events);
        Assert.Equal("API Error: 400 fake bad request", translator.ApiErrorText);
        Assert.Equal("success", result.Subtype);
        Assert.True(result.IsError);
        Assert.Equal("api_error", result.TerminalReason);
        Assert.Equal("API Error: 400 fake bad request", result.Result);
    }

    [Fact]
    public void Resuming_an_unknown_session_reports_no_conversation_found()
    {
        var result = Resume.Output(0, Resume.Entries.Count - 1)[^1];

        Assert.True(result.IsError);
        Assert.Contains("No conversation found with session ID", Assert.Single(result.Errors!), StringComparison.Ordinal);
        var error = ClaudeProcessStarter.MapExit("00000000-0000-4000-8000-000000000000", resume: true,
            new ClaudeExit(1, "No conversation found with session ID: 00000000-0000-4000-8000-000000000000"));
        Assert.IsType<AgentSessionNotFoundException>(error);
        Assert.False(Assert.IsType<ClaudeStartException>(
            ClaudeProcessStarter.MapExit("x", resume: true, new ClaudeExit(1, "something else"))).SessionInUse);
        Assert.True(Assert.IsType<ClaudeStartException>(ClaudeProcessStarter.MapExit("x", resume: false,
            new ClaudeExit(1, "Error: Session ID cb8878ee-1883-4715-9e86-5bbc2ad31c30 is already in use."))).SessionInUse);
    }

    [Fact]
    public void Edit_and_write_tool_uses_are_file_changes_with_a_short_diff()
    {
        var edit = JsonDocument.Parse("""{"file_path":"a.txt","old_string":"old line","new_string":"new line"}""").RootElement;
        var item = ClaudeToolMapper.ToItem("toolu_9", "Edit", edit, "/nowhere");

        Assert.Equal(AgentItemKind.FileChange, item.Kind);
        var change = Assert.Single(item.Changes!);
        Assert.Equal("a.txt", change.Path);
        Assert.Equal("update", change.Kind);
        Assert.Equal("-old line\n+new line\n", change.Diff);

        var write = JsonDocument.Parse("""{"file_path":"new.txt","content":"hello"}""").RootElement;
        var writeChange = Assert.Single(ClaudeToolMapper.ToItem("toolu_10", "Write", write, "/nowhere").Changes!);
        Assert.Equal("add", writeChange.Kind);
        Assert.Equal("+hello\n", writeChange.Diff);

        var other = ClaudeToolMapper.ToItem("toolu_11", "WebFetch", JsonDocument.Parse("{}").RootElement, null);
        Assert.Equal(AgentItemKind.ToolCall, other.Kind);
        Assert.Equal("WebFetch", other.ToolName);
    }
}
