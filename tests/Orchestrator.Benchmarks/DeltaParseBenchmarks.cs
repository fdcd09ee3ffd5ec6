using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Orchestrator.Agents.Codex;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Where the per-delta cost of <see cref="DeltaPathBenchmarks.WireToEvent"/> goes, step by step, for the same
/// <c>item/agentMessage/delta</c> line. The parsed path (every notification but streamed deltas): the JSON-RPC
/// connection's parse (pooled parse + Clone), the method name, and the Codex parser turning params into a record (ids
/// and delta as strings). The borrowed path (streamed deltas): the connection's one-pass scan of the line in its
/// receive buffer, then the Codex reader of the params in place, and the delta string.
/// </summary>
[MemoryDiagnoser]
public class DeltaParseBenchmarks
{
    private const string Line = """{"method":"item/agentMessage/delta","params":{"threadId":"01a2006c-a07c-7151-bd66-9350f29bb628","turnId":"01a2006c-a643-79c1-84c3-330b678c1732","itemId":"msg_1","delta":"token 123 of **the** answer\n"},"emittedAtMs":1795303448880}""";

    private readonly byte[] _line = Encoding.UTF8.GetBytes(Line);
    private MessageArena.Chunk _chunk = null!;
    private JsonElement _root;
    private JsonRpcNotification _notification = null!;
    private byte[] _params = [];

    [GlobalSetup]
    public void Setup()
    {
        using var document = JsonDocument.Parse(Line);
        _root = document.RootElement.Clone();
        _notification = new JsonRpcNotification("item/agentMessage/delta", _root.GetProperty("params"));
        _params = Encoding.UTF8.GetBytes(_root.GetProperty("params").GetRawText());
        (_chunk, var offset) = new MessageArena().Allocate(_line.Length);
        _line.CopyTo(_chunk.Buffer, offset);
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

    /// <summary>Borrowed path, connection side: the one-pass scan of the line in place (kind, method, params offsets).</summary>
    [Benchmark]
    public int ScanInPlace() => (int)InboundMessage.Scan(_chunk, 0, _line.Length).Kind;

    /// <summary>Borrowed path, Codex side: the ids read into a stack buffer and compared, without the delta text.</summary>
    [Benchmark]
    public bool BorrowedIdsOnly()
    {
        Span<char> ids = stackalloc char[BorrowedAgentMessageDelta.IdBufferLength];
        return BorrowedAgentMessageDelta.TryRead(_params, ids, out var delta) && delta.TurnId.SequenceEqual("01a2006c-a643-79c1-84c3-330b678c1732");
    }

    /// <summary>Borrowed path, Codex side, with the delta text: the one allocation of the path.</summary>
    [Benchmark]
    public string? BorrowedWithText()
    {
        Span<char> ids = stackalloc char[BorrowedAgentMessageDelta.IdBufferLength];
        return BorrowedAgentMessageDelta.TryRead(_params, ids, out var delta) ? delta.GetDelta() : null;
    }
}
