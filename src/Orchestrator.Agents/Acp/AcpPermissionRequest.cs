using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Agents.Acp;

/// <summary>One option of a permission request. <paramref name="Kind"/>: <c>allow_once</c>, <c>allow_always</c>, <c>reject_once</c>, <c>reject_always</c>.</summary>
public sealed record AcpPermissionOption(string OptionId, string Name, string Kind);

/// <summary>A <c>session/request_permission</c> from the agent, in the parts this client uses.</summary>
/// <param name="RequestId">The JSON-RPC request id as text.</param>
/// <param name="ToolKind">The tool call's ACP kind (<c>execute</c>, <c>edit</c>, <c>read</c>, <c>fetch</c>...), if given.</param>
/// <param name="Command">The command line of an <c>execute</c> tool call (<c>rawInput.command</c>), if given.</param>
public sealed record AcpPermissionRequest(
    string RequestId,
    string SessionId,
    string? ToolCallId,
    string? Title,
    string? ToolKind,
    string? Command,
    IReadOnlyList<AcpPermissionOption> Options)
{
    /// <summary>Null when the params lack a session id or options.</summary>
    public static AcpPermissionRequest? Parse(string requestId, JsonElement? parameters)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object } p
            || AcpJson.Text(p, "sessionId") is not { } sessionId
            || !p.TryGetProperty("options", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var options = new List<AcpPermissionOption>();
        foreach (var option in list.EnumerateArray())
        {
            if (AcpJson.Text(option, "optionId") is { } id && AcpJson.Text(option, "kind") is { } kind)
            {
                options.Add(new AcpPermissionOption(id, AcpJson.Text(option, "name") ?? id, kind));
            }
        }

        if (options.Count == 0)
        {
            return null;
        }

        var tool = p.TryGetProperty("toolCall", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
        return new AcpPermissionRequest(
            requestId,
            sessionId,
            AcpJson.Text(tool, "toolCallId"),
            AcpJson.Text(tool, "title"),
            AcpJson.Text(tool, "kind"),
            AcpJson.CommandOf(tool),
            options);
    }

    /// <summary>
    /// The <c>outcome</c> for <paramref name="decision"/>, picked among the offered options by kind: Approve →
    /// <c>allow_once</c>; Approve for session → <c>allow_always</c> (else <c>allow_once</c>); Deny → <c>reject_once</c>
    /// (else <c>reject_always</c>); Cancel, or no fitting option → <c>cancelled</c> (which also refuses).
    /// </summary>
    public JsonObject OutcomeFor(ApprovalDecision decision)
    {
        string[] kinds = decision switch
        {
            ApprovalDecision.Approve => ["allow_once"],
            ApprovalDecision.ApproveForSession => ["allow_always", "allow_once"],
            ApprovalDecision.Deny => ["reject_once", "reject_always"],
            _ => [],
        };
        foreach (var kind in kinds)
        {
            if (Options.FirstOrDefault(o => o.Kind == kind) is { } option)
            {
                return Selected(option.OptionId);
            }
        }

        return Cancelled();
    }

    public static JsonObject Selected(string optionId) => new() { ["outcome"] = "selected", ["optionId"] = optionId };

    public static JsonObject Cancelled() => new() { ["outcome"] = "cancelled" };
}
