using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// The "approve for session" memory of one session: the CLI's permission suggestions (rules such as
/// <c>Bash(touch done.txt)</c>) re-targeted at the session, sent back as <c>updatedPermissions</c> and also remembered here so
/// matching requests are allowed without asking again, also after the process was restarted.
/// </summary>
internal sealed class ClaudeSessionRules
{
    private readonly HashSet<string> _rules = [];
    private readonly Lock _lock = new();

    /// <summary>Remembers the request's rules; returns the <c>updatedPermissions</c> to send (null when none were suggested).</summary>
    public JsonElement? Remember(ClaudeControlRequestBody request)
    {
        var updates = new JsonArray();
        var keys = new List<string>();
        foreach (var suggestion in Suggestions(request))
        {
            if ((string?)suggestion["type"] != "addRules" || suggestion["rules"] is not JsonArray rules)
            {
                continue;
            }

            var update = suggestion.DeepClone();
            update["destination"] = "session";
            updates.Add(update);
            keys.AddRange(rules.Select(r => Key((string?)r?["toolName"], (string?)r?["ruleContent"])));
        }

        if (keys.Count == 0)
        {
            // No rule suggested: remember the exact tool call.
            keys.Add(Key(request.ToolName, request.Input.ValueKind == JsonValueKind.Undefined ? null : request.Input.GetRawText()));
        }

        lock (_lock)
        {
            _rules.UnionWith(keys);
        }

        return updates.Count == 0 ? null : JsonSerializer.SerializeToElement(updates, ClaudeJsonContext.Default.JsonArray);
    }

    /// <summary>True when an earlier "approve for session" covers this request.</summary>
    public bool Covers(ClaudeControlRequestBody request)
    {
        var exact = Key(request.ToolName, request.Input.ValueKind == JsonValueKind.Undefined ? null : request.Input.GetRawText());
        lock (_lock)
        {
            if (_rules.Count == 0)
            {
                return false;
            }

            if (_rules.Contains(exact))
            {
                return true;
            }
        }

        var suggested = Suggestions(request)
            .Where(s => (string?)s["type"] == "addRules" && (string?)s["behavior"] is null or "allow")
            .SelectMany(s => s["rules"] as JsonArray ?? [])
            .Select(r => Key((string?)r?["toolName"], (string?)r?["ruleContent"]))
            .ToList();
        lock (_lock)
        {
            return suggested.Count > 0 && suggested.All(_rules.Contains);
        }
    }

    private static List<JsonObject> Suggestions(ClaudeControlRequestBody request)
    {
        if (request.PermissionSuggestions.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. JsonNode.Parse(request.PermissionSuggestions.GetRawText())!.AsArray().OfType<JsonObject>()];
    }

    private static string Key(string? toolName, string? content) => $"{toolName}\u0000{content}";
}
