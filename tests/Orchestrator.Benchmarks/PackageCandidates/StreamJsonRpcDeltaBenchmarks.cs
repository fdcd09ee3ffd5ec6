using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Microsoft.VisualStudio.Threading;
using Orchestrator.Agents;
using Orchestrator.Agents.Processes;
using StreamJsonRpc;

namespace Orchestrator.Benchmarks.PackageCandidates;

/// <summary>
/// The per-delta work of <see cref="DeltaPathBenchmarks.WireToEvent"/> (an <c>item/agentMessage/delta</c> line as
/// app-server writes it, UTF-8 bytes in a pipe → a <see cref="TextDelta"/> event read by a consumer) done by the
/// product's hand-written JSON-RPC connection and by StreamJsonRpc 2.26.150, in the same run: a <see cref="JsonRpc"/>
/// over <see cref="NewLineDelimitedMessageHandler"/> with <see cref="SystemTextJsonFormatter"/>, the delta method
/// registered with named parameters, fed the very same lines (Codex sends no <c>"jsonrpc"</c> field).
/// StreamJsonRpc dispatches each incoming message by posting it to <see cref="JsonRpc.SynchronizationContext"/>;
/// by default that is the thread pool, concurrently, so deltas can reach the handler out of order. The ordered
/// variant uses <see cref="NonConcurrentSynchronizationContext"/>, as streamed text needs. Setup streams one batch
/// per variant first and prints how many deltas arrived out of order.
/// Times and allocations are per delta (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class StreamJsonRpcDeltaBenchmarks
{
    private const int Deltas = DeltaPathBenchmarks.Deltas;
    private const string Thread = "01a2006c-a07c-7151-bd66-9350f29bb628";
    private const string TurnId = "01a2006c-a643-79c1-84c3-330b678c1732";

    private readonly DeltaPathBenchmarks _handWritten = new();
    private Endpoint _ordered = null!;
    private Endpoint _threadPool = null!;
    private byte[][] _lines = [];
    private string[] _texts = [];

    [Params(DeltaPathBenchmarks.DeltaShape.Line, DeltaPathBenchmarks.DeltaShape.Word)]
    public DeltaPathBenchmarks.DeltaShape Shape { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _handWritten.Shape = Shape;
        _handWritten.Setup();
        _texts = Enumerable.Range(0, Deltas).Select(DeltaText).ToArray();
        _lines = _texts
            .Select(text => Encoding.UTF8.GetBytes($$"""{"method":"item/agentMessage/delta","params":{"threadId":"{{Thread}}","turnId":"{{TurnId}}","itemId":"msg_1","delta":"{{text}}"},"emittedAtMs":1795303448880}""" + "\n"))
            .ToArray();
        _ordered = new Endpoint(new NonConcurrentSynchronizationContext(sticky: false));
        _threadPool = new Endpoint(null);
        foreach (var (name, endpoint) in new[] { ("ordered", _ordered), ("thread pool (default)", _threadPool) })
        {
            var received = await StreamAsync(endpoint).WaitAsync(TimeSpan.FromSeconds(30));
            var outOfOrder = received.Where((text, i) => text != _texts[i].Replace("\\n", "\n", StringComparison.Ordinal)).Count();
            Console.WriteLine($"// StreamJsonRpc {name}, Shape={Shape}: {received.Count} of {Deltas} deltas received, {outOfOrder} not at their position");
        }
    }

    private string DeltaText(int i)
    {
        if (Shape == DeltaPathBenchmarks.DeltaShape.Line)
        {
            return $"token {i % 1000:D3} of **the** answer\\n";
        }

        var line = i / 5;
        return (i % 5) switch
        {
            0 => "token ",
            1 => $"{line % 1000:D3} ",
            2 => "of ",
            3 => "**the** ",
            _ => "answer\\n",
        };
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _handWritten.CleanupAsync();
        await _ordered.DisposeAsync();
        await _threadPool.DisposeAsync();
    }

    /// <summary>The product: <see cref="DeltaPathBenchmarks.WireToEvent"/> (borrowed fast path).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Deltas)]
    public Task HandWritten() => _handWritten.WireToEvent();

    /// <summary>StreamJsonRpc with in-order dispatch (<see cref="NonConcurrentSynchronizationContext"/>), as streamed text needs.</summary>
    [Benchmark(OperationsPerInvoke = Deltas)]
    public Task StreamJsonRpcOrdered() => StreamAsync(_ordered);

    /// <summary>StreamJsonRpc as configured by default (dispatch on the thread pool, order not kept).</summary>
    [Benchmark(OperationsPerInvoke = Deltas)]
    public Task StreamJsonRpcDefault() => StreamAsync(_threadPool);

    private async Task<List<string>> StreamAsync(Endpoint endpoint)
    {
        var events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
        endpoint.Events = events.Writer;
        var consumer = ConsumeAsync(events.Reader);
        foreach (var line in _lines)
        {
            await endpoint.Stdout.Writer.WriteAsync(line);
        }

        return await consumer;
    }

    private static async Task<List<string>> ConsumeAsync(ChannelReader<AgentEvent> events)
    {
        var received = new List<string>(Deltas);
        await foreach (var ev in events.ReadAllAsync())
        {
            if (ev is TextDelta delta)
            {
                received.Add(delta.Delta);
                if (received.Count == Deltas)
                {
                    break;
                }
            }
        }

        return received;
    }

    /// <summary>A StreamJsonRpc connection whose input is "app-server's stdout" (a pipe of UTF-8 bytes).</summary>
    private sealed class Endpoint : System.IAsyncDisposable
    {
        private readonly Pipe _stdin = new();
        private readonly JsonRpc _rpc;

        public Endpoint(SynchronizationContext? dispatch)
        {
            var handler = new NewLineDelimitedMessageHandler(_stdin.Writer, Stdout.Reader, new SystemTextJsonFormatter());
            _rpc = new JsonRpc(handler);
            if (dispatch is not null)
            {
                _rpc.SynchronizationContext = dispatch;
            }

            _rpc.AddLocalRpcMethod("item/agentMessage/delta", new Action<string, string, string, string>(OnDelta));
            _rpc.StartListening();
        }

        public Pipe Stdout { get; } = new(RunningProcess.StandardOutputPipeOptions());

        public ChannelWriter<AgentEvent> Events { get; set; } = null!;

        /// <summary>What CodexTurn does with a delta: its thread and turn checked, one <see cref="TextDelta"/> emitted.</summary>
        private void OnDelta(string threadId, string turnId, string itemId, string delta)
        {
            if (threadId == Thread && turnId == TurnId)
            {
                Events.TryWrite(new TextDelta(itemId, delta));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Stdout.Writer.CompleteAsync();
            _rpc.Dispose();
            await _rpc.Completion.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
