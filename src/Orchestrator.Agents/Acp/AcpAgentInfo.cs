using System.Text.Json;

namespace Orchestrator.Agents.Acp;

/// <summary>What an ACP agent announced in <c>initialize</c> that this client uses.</summary>
/// <param name="LoadSession">It can continue a stored session (<c>session/load</c>).</param>
/// <param name="Images">It takes image content blocks in prompts.</param>
public sealed record AcpAgentInfo(string Name, string? Version, bool LoadSession, bool Images)
{
    internal static AcpAgentInfo Parse(JsonElement result)
    {
        var capabilities = result.TryGetProperty("agentCapabilities", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var info = result.TryGetProperty("agentInfo", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
        return new AcpAgentInfo(
            Text(info, "name") ?? "ACP agent",
            Text(info, "version"),
            Flag(capabilities, "loadSession"),
            capabilities.ValueKind == JsonValueKind.Object && capabilities.TryGetProperty("promptCapabilities", out var prompt) && Flag(prompt, "image"));
    }

    private static bool Flag(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
