using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Orchestrator.Agents.Codex;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Where the per-delta allocation of <see cref="DeltaPathBenchmarks.WireToEvent"/> goes, step by step, for the same
/// <c>item/agentMessage/delta</c> line: the JSON-RPC connection's parse (pooled parse + Clone), the method name, and
/// the Codex parser turning params into a record (ids and delta as strings).
/// </summary>
[MemoryDiagnoser]
public class DeltaParseBenchmarks
{
    private const string Line = """{"method":"item/agentMessage/delta","params":{"threadId":"01a2006c-a07c-7151-bd66-9350f29bb628","turnId":"01a2006c-a643-79c1-84c3-330b678c1732","itemId":"msg_1","delta":"token 123 of **the** answer\n"},"emittedAtMs":1795303448880}""";

    private JsonElement _root;
    private JsonRpcNotification _notification = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var document = JsonDocument.Parse(Line);
        _root = document.RootElement.Clone();
        _notification = new JsonRpcNotification("item/agentMessage/delta", _root.GetProperty("params"));
    }

    /// <summary>What <c>JsonRpcConnection.HandleLine</c> does first: parse (pooled) and Clone the root.</summary>
    [Benchmark]
    public JsonElement ParseAndClone()
    {
        using var document = JsonDocument.Parse(Line);
        return document.RootElement.Clone();
    }

    /// <summary>Parse only, the pooled document disposed at once (the floor without the Clone).</summary>
    [Benchmark]
    public int ParseOnly()
    {
        using var document = JsonDocument.Parse(Line);
        return (int)document.RootElement.ValueKind;
    }

    [Benchmark]
    public string? MethodName() => _root.GetProperty("method").GetString();

    /// <summary><c>CodexNotificationParser.Parse</c>: params → AgentMessageDeltaNotification (thread, turn, item ids and delta).</summary>
    [Benchmark]
    public object? ParamsToRecord() => CodexNotificationParser.Parse(_notification);
}
