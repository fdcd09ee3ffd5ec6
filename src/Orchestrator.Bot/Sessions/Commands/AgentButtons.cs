using System.Globalization;
using System.Text;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>
/// Callback data of the agent buttons (Telegram allows at most 64 bytes): <c>ag:u:AGENT</c> switches to an agent,
/// <c>ag:m:AGENT:MODEL</c> sets the model (empty: the engine's default), <c>ag:s:ROW</c> resumes a session.
/// </summary>
public static class AgentButtons
{
    public const int MaxBytes = 64;

    private const string UsePrefix = "ag:u:";
    private const string ModelPrefix = "ag:m:";
    private const string SessionPrefix = "ag:s:";

    public static string Use(string agentId) => UsePrefix + agentId;

    /// <summary>The model button's data, or null when the model name is too long for a button.</summary>
    public static string? Model(string agentId, string? model)
    {
        var data = ModelPrefix + agentId + ":" + model;
        return Encoding.UTF8.GetByteCount(data) <= MaxBytes ? data : null;
    }

    public static string Session(long sessionRowId) => SessionPrefix + sessionRowId.ToString(CultureInfo.InvariantCulture);

    public static bool TryParseUse(string? data, out string agentId)
    {
        agentId = data is not null && data.StartsWith(UsePrefix, StringComparison.Ordinal) ? data[UsePrefix.Length..] : "";
        return agentId.Length > 0;
    }

    /// <summary>Parses <c>ag:m:AGENT:MODEL</c>; <paramref name="model"/> is null for the engine's default.</summary>
    public static bool TryParseModel(string? data, out string agentId, out string? model)
    {
        agentId = "";
        model = null;
        if (data is null || !data.StartsWith(ModelPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = data[ModelPrefix.Length..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        agentId = rest[..colon];
        model = colon == rest.Length - 1 ? null : rest[(colon + 1)..];
        return true;
    }

    public static bool TryParseSession(string? data, out long sessionRowId)
    {
        sessionRowId = 0;
        return data is not null && data.StartsWith(SessionPrefix, StringComparison.Ordinal)
            && long.TryParse(data.AsSpan(SessionPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out sessionRowId);
    }
}
