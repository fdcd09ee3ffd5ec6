using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Agents.Claude.Protocol;

/// <summary>
/// A user message written to stdin (<c>--input-format stream-json</c>). <see cref="Uuid"/> is ours: Claude Code echoes it
/// on the frames and the <c>result</c> that answer the message (<c>user_message_uuid(s)</c>), on its
/// <c>command_lifecycle</c> frames, and in an interrupt's receipt.
/// </summary>
public sealed record ClaudeUserInput(ClaudeUserInputMessage Message, string SessionId, string? Uuid = null)
{
    public string Type => "user";

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? ParentToolUseId => null;
}

public sealed record ClaudeUserInputMessage(IReadOnlyList<ClaudeInputBlock> Content)
{
    public string Role => "user";
}

/// <summary>A text block, or an image block with a base64 <see cref="Source"/>.</summary>
public sealed record ClaudeInputBlock(string Type, string? Text = null, ClaudeImageSource? Source = null);

public sealed record ClaudeImageSource(string MediaType, string Data)
{
    public string Type => "base64";
}

/// <summary>A control request we send (<c>initialize</c>, <c>interrupt</c>).</summary>
public sealed record ClaudeControlRequestInput(string RequestId, ClaudeControlRequestInputBody Request)
{
    public string Type => "control_request";
}

public sealed record ClaudeControlRequestInputBody(string Subtype)
{
    /// <summary>
    /// <c>interrupt</c>: also cancel the user messages still queued (listed in the receipt's <c>cancelled</c>), so that none
    /// of them starts a turn after the interrupt. CLIs without the <c>interrupt_cancel_queued_v1</c> capability ignore it.
    /// </summary>
    public bool? CancelQueued { get; init; }
}

/// <summary>Our answer to a control request of the CLI.</summary>
public sealed record ClaudeControlResponseInput(ClaudeControlResponseInputBody Response)
{
    public string Type => "control_response";
}

/// <summary><see cref="Subtype"/> <c>success</c> with <see cref="Response"/>, or <c>error</c> with <see cref="Error"/>.</summary>
public sealed record ClaudeControlResponseInputBody(string Subtype, string RequestId, ClaudePermissionResult? Response = null, string? Error = null);

/// <summary>The answer to <c>can_use_tool</c>: allow (with the input to use) or deny (with a message for the model).</summary>
public sealed record ClaudePermissionResult(string Behavior)
{
    [JsonPropertyName("updatedInput")]
    public JsonElement? UpdatedInput { get; init; }

    [JsonPropertyName("updatedPermissions")]
    public JsonElement? UpdatedPermissions { get; init; }

    public string? Message { get; init; }

    public bool? Interrupt { get; init; }
}
