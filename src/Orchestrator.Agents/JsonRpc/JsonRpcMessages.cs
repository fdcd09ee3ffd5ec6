using System.Text.Json;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>A notification received from the remote side.</summary>
/// <param name="Params">The <c>params</c> value, or null when absent.</param>
public sealed record JsonRpcNotification(string Method, JsonElement? Params);

/// <summary>A request received from the remote side (answer by returning a result or throwing <see cref="JsonRpcErrorException"/>).</summary>
/// <param name="Id">The request id exactly as sent (number or string).</param>
public sealed record JsonRpcRequest(JsonElement Id, string Method, JsonElement? Params)
{
    /// <summary>The id as text (<c>0</c>, <c>"abc"</c> → <c>abc</c>).</summary>
    public string IdText => Id.ValueKind == JsonValueKind.String ? Id.GetString()! : Id.GetRawText();
}
