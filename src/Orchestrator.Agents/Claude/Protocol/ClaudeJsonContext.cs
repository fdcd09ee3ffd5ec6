using System.Text.Json.Serialization;

namespace Orchestrator.Agents.Claude.Protocol;

/// <summary>Source-generated serialization of the Claude Code stream-json messages (snake_case, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ClaudeOutputMessage))]
[JsonSerializable(typeof(List<ClaudeContentBlock>))]
[JsonSerializable(typeof(ClaudeUserInput))]
[JsonSerializable(typeof(ClaudeControlRequestInput))]
[JsonSerializable(typeof(ClaudeControlResponseInput))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonArray))]
public sealed partial class ClaudeJsonContext : JsonSerializerContext;
