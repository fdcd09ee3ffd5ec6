using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Agents.Codex.Protocol;

/// <summary>Source-generated serialization of the Codex app-server messages (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(InitializeParams))]
[JsonSerializable(typeof(InitializeResponse))]
[JsonSerializable(typeof(ThreadStartParams))]
[JsonSerializable(typeof(ThreadResumeParams))]
[JsonSerializable(typeof(ThreadResponse))]
[JsonSerializable(typeof(TurnStartParams))]
[JsonSerializable(typeof(TurnStartResponse))]
[JsonSerializable(typeof(TurnSteerParams))]
[JsonSerializable(typeof(TurnSteerResponse))]
[JsonSerializable(typeof(TurnInterruptParams))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ApprovalResponse))]
[JsonSerializable(typeof(ModelListParams))]
[JsonSerializable(typeof(ModelListResponse))]
[JsonSerializable(typeof(ThreadSetNameParams))]
[JsonSerializable(typeof(ThreadIdParams))]
[JsonSerializable(typeof(ThreadListParams))]
[JsonSerializable(typeof(ThreadListResponse))]
[JsonSerializable(typeof(TurnDiffNotification))]
[JsonSerializable(typeof(TurnNotification))]
[JsonSerializable(typeof(AgentMessageDeltaNotification))]
[JsonSerializable(typeof(ItemNotification))]
[JsonSerializable(typeof(ErrorNotification))]
[JsonSerializable(typeof(TokenUsageNotification))]
[JsonSerializable(typeof(ServerRequestResolvedNotification))]
[JsonSerializable(typeof(CommandApprovalParams))]
[JsonSerializable(typeof(FileChangeApprovalParams))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class CodexJsonContext : JsonSerializerContext;
