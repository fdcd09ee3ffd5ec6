using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.Agents.Acp;

/// <summary>
/// ACP messages are built and read as JSON nodes and elements (the protocol is small and open-ended: unknown update
/// kinds and fields must be tolerated), so the connection only needs these types.
/// </summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class AcpJsonContext : JsonSerializerContext;
