using System.Text;
using System.Text.Json;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

/// <summary>Maps Claude tool calls (tool_use / tool_result blocks, can_use_tool requests) to engine-neutral items and approvals.</summary>
public static class ClaudeToolMapper
{
    private const int MaxDiffLines = 40;

    /// <summary>The item for a tool_use block: Bash → command, Edit/Write/MultiEdit/NotebookEdit → file change, else tool call.</summary>
    public static AgentItem ToItem(string toolUseId, string toolName, JsonElement input, string? cwd)
    {
        return toolName switch
        {
            "Bash" => new AgentItem(toolUseId, AgentItemKind.CommandExecution, AgentItemStatus.InProgress,
                Command: ClaudeMessageParser.GetString(input, "command"), Cwd: cwd, ToolName: toolName),
            _ when IsFileTool(toolName) => new AgentItem(toolUseId, AgentItemKind.FileChange, AgentItemStatus.InProgress,
                Changes: FileChanges(toolName, input, cwd), ToolName: toolName),
            "WebSearch" => new AgentItem(toolUseId, AgentItemKind.WebSearch, AgentItemStatus.InProgress,
                Text: ClaudeMessageParser.GetString(input, "query"), ToolName: toolName),
            _ => new AgentItem(toolUseId, AgentItemKind.ToolCall, AgentItemStatus.InProgress, ToolName: toolName),
        };
    }

    /// <summary>The final state of <paramref name="started"/> from its tool_result block.</summary>
    public static AgentItem Complete(AgentItem started, ClaudeContentBlock toolResult, bool denied)
    {
        var output = ClaudeMessageParser.Text(toolResult.Content);
        var failed = toolResult.IsError == true;
        var status = denied ? AgentItemStatus.Declined : failed ? AgentItemStatus.Failed : AgentItemStatus.Completed;
        int? exitCode = null;
        if (started.Kind == AgentItemKind.CommandExecution && !denied)
        {
            exitCode = failed ? ParseExitCode(output) : 0;
        }

        return started with { Status = status, Text = output, ExitCode = exitCode };
    }

    /// <summary>The approval request for a <c>can_use_tool</c> control request.</summary>
    public static ApprovalRequest ToApproval(string requestId, ClaudeControlRequestBody request, string? cwd)
    {
        var toolName = request.ToolName ?? "unknown";
        var description = request.Description ?? ClaudeMessageParser.GetString(request.Input, "description");
        return toolName switch
        {
            "Bash" => new ApprovalRequest(requestId, ApprovalKind.Command, ClaudeMessageParser.GetString(request.Input, "command"), cwd,
                ClaudeMessageParser.GetString(request.Input, "description") ?? description, ToolName: toolName),
            _ when IsFileTool(toolName) => new ApprovalRequest(requestId, ApprovalKind.FileChange, Cwd: cwd, Reason: description,
                Changes: FileChanges(toolName, request.Input, cwd), ToolName: toolName),
            _ => new ApprovalRequest(requestId, ApprovalKind.Tool, Cwd: cwd, Reason: description ?? Summarize(request.Input), ToolName: toolName),
        };
    }

    public static bool IsFileTool(string toolName) => toolName is "Edit" or "Write" or "MultiEdit" or "NotebookEdit";

    /// <summary>The files a file tool touches, with a short diff when the input allows one.</summary>
    public static IReadOnlyList<FileChange> FileChanges(string toolName, JsonElement input, string? cwd)
    {
        var path = ClaudeMessageParser.GetString(input, "file_path") ?? ClaudeMessageParser.GetString(input, "notebook_path");
        if (path is null)
        {
            return [];
        }

        var full = cwd is null ? path : Path.Combine(cwd, path);
        switch (toolName)
        {
            case "Write":
                var exists = File.Exists(full);
                return [new FileChange(path, exists ? "update" : "add", Diff([], ClaudeMessageParser.GetString(input, "content")))];
            case "Edit":
                return [new FileChange(path, "update", Diff(
                    [ClaudeMessageParser.GetString(input, "old_string")], ClaudeMessageParser.GetString(input, "new_string")))];
            case "MultiEdit" when input.TryGetProperty("edits", out var edits) && edits.ValueKind == JsonValueKind.Array:
                var diff = new StringBuilder();
                foreach (var edit in edits.EnumerateArray())
                {
                    diff.Append(Diff([ClaudeMessageParser.GetString(edit, "old_string")], ClaudeMessageParser.GetString(edit, "new_string")));
                }

                return [new FileChange(path, "update", Truncate(diff.ToString()))];
            default:
                return [new FileChange(path, "update", null)];
        }
    }

    private static string Diff(IReadOnlyList<string?> removed, string? added)
    {
        var diff = new StringBuilder();
        foreach (var block in removed.Where(r => !string.IsNullOrEmpty(r)))
        {
            foreach (var line in block!.Split('\n'))
            {
                diff.Append('-').Append(line).Append('\n');
            }
        }

        if (!string.IsNullOrEmpty(added))
        {
            foreach (var line in added.Split('\n'))
            {
                diff.Append('+').Append(line).Append('\n');
            }
        }

        return Truncate(diff.ToString());
    }

    private static string Truncate(string diff)
    {
        var lines = diff.Split('\n');
        return lines.Length <= MaxDiffLines ? diff : string.Join('\n', lines.Take(MaxDiffLines)) + $"\n… ({lines.Length - MaxDiffLines} more lines)\n";
    }

    private static int? ParseExitCode(string? output)
    {
        const string prefix = "Exit code ";
        if (output is null || !output.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = output.IndexOfAny(['\n', ' '], prefix.Length);
        var number = end < 0 ? output[prefix.Length..] : output[prefix.Length..end];
        return int.TryParse(number, out var code) ? code : null;
    }

    private static string? Summarize(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var text = input.GetRawText();
        return text.Length <= 300 ? text : text[..300] + "…";
    }
}
