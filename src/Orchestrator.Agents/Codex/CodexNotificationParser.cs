using System.Text.Json;
using Orchestrator.Agents.Codex.Protocol;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Codex;

/// <summary>Turns the app-server messages the engine uses into typed records; everything else is ignored (null).</summary>
public static class CodexNotificationParser
{
    public const string TurnStarted = "turn/started";
    public const string TurnCompleted = "turn/completed";
    public const string TurnDiffUpdated = "turn/diff/updated";
    public const string AgentMessageDelta = "item/agentMessage/delta";
    public const string ItemStarted = "item/started";
    public const string ItemCompleted = "item/completed";
    public const string Error = "error";
    public const string TokenUsageUpdated = "thread/tokenUsage/updated";
    public const string ServerRequestResolved = "serverRequest/resolved";
    public const string CommandApproval = "item/commandExecution/requestApproval";
    public const string FileChangeApproval = "item/fileChange/requestApproval";

    /// <summary>Returns the typed params, or null for a method the engine does not use.</summary>
    /// <exception cref="JsonException">The params do not have the expected shape.</exception>
    public static object? Parse(JsonRpcNotification notification)
    {
        if (notification.Params is not { } p)
        {
            return null;
        }

        var c = CodexJsonContext.Default;
        return notification.Method switch
        {
            TurnStarted or TurnCompleted => p.Deserialize(c.TurnNotification),
            TurnDiffUpdated => p.Deserialize(c.TurnDiffNotification),
            AgentMessageDelta => p.Deserialize(c.AgentMessageDeltaNotification),
            ItemStarted or ItemCompleted => p.Deserialize(c.ItemNotification),
            Error => p.Deserialize(c.ErrorNotification),
            TokenUsageUpdated => p.Deserialize(c.TokenUsageNotification),
            ServerRequestResolved => p.Deserialize(c.ServerRequestResolvedNotification),
            _ => null,
        };
    }

    /// <summary>Returns the approval request, or null when the request is not an approval the engine handles (or is malformed).</summary>
    public static CodexApprovalRequest? ParseApproval(JsonRpcRequest request)
    {
        if (request.Params is not { } p)
        {
            return null;
        }

        try
        {
            switch (request.Method)
            {
                case CommandApproval:
                    var command = p.Deserialize(CodexJsonContext.Default.CommandApprovalParams)!;
                    return new CodexApprovalRequest(
                        request.IdText, ApprovalKind.Command, command.ThreadId, command.TurnId, command.ItemId, command.Reason, command.Command, command.Cwd);
                case FileChangeApproval:
                    var change = p.Deserialize(CodexJsonContext.Default.FileChangeApprovalParams)!;
                    return new CodexApprovalRequest(
                        request.IdText, ApprovalKind.FileChange, change.ThreadId, change.TurnId, change.ItemId, change.Reason, null, change.GrantRoot);
                default:
                    return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The id of a <c>serverRequest/resolved</c> as text, matching <see cref="CodexApprovalRequest.RequestId"/>.</summary>
    public static string RequestIdText(JsonElement id) => id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
}
