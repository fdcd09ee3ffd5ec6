using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Agents.Claude.Protocol;

/// <summary>
/// One line of Claude Code's <c>--output-format stream-json</c> output. Flat: only the fields the engine reads, for every
/// <see cref="Type"/> (<c>system</c>, <c>stream_event</c>, <c>assistant</c>, <c>user</c>, <c>result</c>, <c>control_request</c>,
/// <c>control_response</c>, <c>control_cancel_request</c>); everything else is ignored.
/// </summary>
public sealed record ClaudeOutputMessage
{
    public string? Type { get; init; }

    public string? Subtype { get; init; }

    public string? SessionId { get; init; }

    /// <summary><c>assistant</c> / <c>user</c>: the API message.</summary>
    public ClaudeApiMessage? Message { get; init; }

    /// <summary><c>assistant</c>: a synthetic message carrying an API error text.</summary>
    public bool? IsApiErrorMessage { get; init; }

    /// <summary><c>assistant</c>: the partial message cut by an interrupt.</summary>
    public bool? Aborted { get; init; }

    /// <summary><c>stream_event</c>: the raw Anthropic SSE event.</summary>
    public ClaudeStreamEvent? Event { get; init; }

    /// <summary><c>control_request</c> / <c>control_cancel_request</c>.</summary>
    public string? RequestId { get; init; }

    public ClaudeControlRequestBody? Request { get; init; }

    /// <summary><c>control_response</c>.</summary>
    public ClaudeControlResponseBody? Response { get; init; }

    /// <summary><c>result</c>: the final text (success) or error text.</summary>
    public string? Result { get; init; }

    public bool? IsError { get; init; }

    /// <summary><c>result</c>: cost of the whole session so far.</summary>
    public double? TotalCostUsd { get; init; }

    /// <summary><c>result</c>: tokens of this result's turn.</summary>
    public ClaudeUsage? Usage { get; init; }

    /// <summary><c>result</c>: <c>completed</c>, <c>aborted_streaming</c>, <c>api_error</c>, ...</summary>
    public string? TerminalReason { get; init; }

    public IReadOnlyList<string>? Errors { get; init; }

    public IReadOnlyDictionary<string, ClaudeModelUsage>? ModelUsageSinceLastResult { get; init; }

    /// <summary>
    /// <c>result</c> and the first frames of an answer: the <see cref="ClaudeUserInput.Uuid"/> of the user message answered
    /// (<see cref="UserMessageUuids"/>: every message the turn took in). Absent from CLIs that do not echo uuids.
    /// </summary>
    public string? UserMessageUuid { get; init; }

    public IReadOnlyList<string>? UserMessageUuids { get; init; }

    /// <summary><c>command_lifecycle</c>: the user message (its <see cref="ClaudeUserInput.Uuid"/>) whose state changed.</summary>
    public string? CommandUuid { get; init; }

    /// <summary><c>command_lifecycle</c>: <c>queued</c>, <c>started</c>, <c>completed</c>, <c>cancelled</c>, ...</summary>
    public string? State { get; init; }

    /// <summary>The uuids of the user messages this message answers, or null when it names none.</summary>
    [JsonIgnore]
    public IReadOnlyList<string>? AnsweredUuids =>
        UserMessageUuids is { Count: > 0 } all ? all : UserMessageUuid is { } one ? [one] : null;
}

/// <summary>An Anthropic API message (<c>role</c> assistant or user); <see cref="Content"/> is a string or a block array.</summary>
public sealed record ClaudeApiMessage(string? Id, string? Role, JsonElement Content);

/// <summary>A content block: text, tool_use, tool_result, image, thinking...</summary>
public sealed record ClaudeContentBlock
{
    public string? Type { get; init; }

    public string? Text { get; init; }

    /// <summary>tool_use: its id and tool name and input.</summary>
    public string? Id { get; init; }

    public string? Name { get; init; }

    public JsonElement Input { get; init; }

    /// <summary>tool_result: the tool_use it answers; <see cref="Content"/> is a string or a block array.</summary>
    public string? ToolUseId { get; init; }

    public JsonElement Content { get; init; }

    public bool? IsError { get; init; }
}

/// <summary>A raw Anthropic streaming event (<c>message_start</c>, <c>content_block_delta</c>, ...).</summary>
public sealed record ClaudeStreamEvent
{
    public string? Type { get; init; }

    public int? Index { get; init; }

    public ClaudeStreamMessage? Message { get; init; }

    public ClaudeContentBlock? ContentBlock { get; init; }

    public ClaudeStreamDelta? Delta { get; init; }
}

public sealed record ClaudeStreamMessage(string? Id);

public sealed record ClaudeStreamDelta(string? Type, string? Text, string? StopReason);

/// <summary>The <c>request</c> of a control request from the CLI (<c>can_use_tool</c>, ...).</summary>
public sealed record ClaudeControlRequestBody
{
    public string? Subtype { get; init; }

    public string? ToolName { get; init; }

    public JsonElement Input { get; init; }

    public string? Description { get; init; }

    public JsonElement PermissionSuggestions { get; init; }

    public string? ToolUseId { get; init; }

    public string? BlockedPath { get; init; }
}

/// <summary>The <c>response</c> of a control response (to our <c>initialize</c> / <c>interrupt</c>).</summary>
public sealed record ClaudeControlResponseBody(string? Subtype, string? RequestId, string? Error)
{
    /// <summary>The success payload, kept raw: its shape differs per request (see <see cref="ClaudeInterruptReceipt"/>).</summary>
    public JsonElement Response { get; init; }
}

public sealed record ClaudeUsage(long? InputTokens, long? OutputTokens, long? CacheCreationInputTokens, long? CacheReadInputTokens);

public sealed record ClaudeModelUsage
{
    [JsonPropertyName("costUSD")]
    public double? CostUsd { get; init; }
}
