using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Agents;
using Orchestrator.Agents.Codex;
using Orchestrator.Agents.Codex.Protocol;
using Orchestrator.Agents.JsonRpc;
using Orchestrator.Agents.Processes;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The cost of one streamed delta through the bot: an <c>item/agentMessage/delta</c> line as app-server writes it
/// (UTF-8 bytes on its stdout, here an in-memory pipe, as RunningProcess hands them over) → JSON-RPC connection (lines
/// read in place) → Codex client (borrowed <c>item/agentMessage/delta</c> fast path) and turn → <see cref="TextDelta"/> event → <see cref="LiveReply"/> (the text appended) →
/// <see cref="ILiveMessage.MarkStale"/> of the real <see cref="TelegramOutbox"/>, whose send slot asks for the content (rendered then) when
/// the chat's send slot opens (over a Bot API client that answers at once), as the bot's TurnRun does; at the end of
/// each run the final pages are rendered, as TurnRun does when the turn ends, so every line is rendered once inside
/// the measurement. Two delta shapes (<see cref="DeltaShape"/>): whole lines, or word-sized pieces of lines.
/// Times and allocations are per delta (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class DeltaPathBenchmarks
{
    public const int Deltas = 2000;
    private const string Thread = "01a2006c-a07c-7151-bd66-9350f29bb628";
    private const string TurnId = "01a2006c-a643-79c1-84c3-330b678c1732";

    private readonly Pipe _stdout = new(RunningProcess.StandardOutputPipeOptions());
    private LineEndpoint _server = null!;
    private CodexAppServerClient _client = null!;
    private volatile CodexTurn _turn = null!;
    private TelegramOutbox _outbox = null!;
    private ILiveMessage _live = null!;
    private byte[][] _lines = [];

    /// <summary>How the answer is cut into deltas.</summary>
    public enum DeltaShape
    {
        /// <summary>Every delta a whole line (<c>token 123 of **the** answer\n</c>): each delta also completes a line to render.</summary>
        Line,

        /// <summary>Every line in five word-sized deltas (<c>token </c>, <c>123 </c>, …), as models stream tokens.</summary>
        Word,
    }

    [Params(DeltaShape.Line, DeltaShape.Word)]
    public DeltaShape Shape { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>The JSON-escaped text of delta <paramref name="i"/>.</summary>
    private string DeltaText(int i)
    {
        if (Shape == DeltaShape.Line)
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

    private async Task SetupAsync()
    {
        (var client, _server) = LineTransport.CreateDuplex();

        // The app-server's stdout as RunningProcess hands it over (ProcessOutputMode.Bytes): a pipe of UTF-8 bytes.
        _client = CodexAppServerClient.Connect(_stdout.Reader, client.Writer, NullLogger.Instance);
        _turn = new CodexTurn(_client, Thread, NullLogger.Instance);
        _turn.SetTurnId(TurnId);
        _client.NotificationReceived = (method, notification) =>
        {
            _turn.OnNotification(method, notification);
            return ValueTask.CompletedTask;
        };

        // As CodexEngine: deltas take the borrowed fast path (the engine finds the turn by thread id first).
        _client.AgentMessageDeltaReceived = (in BorrowedAgentMessageDelta delta) =>
        {
            if (delta.ThreadId.SequenceEqual(Thread))
            {
                _turn.OnDelta(in delta);
            }
        };
        _outbox = new TelegramOutbox(new InstantBotClient(), Options.Create(new OutboxOptions()), NullLogger<TelegramOutbox>.Instance, TimeProvider.System);
        _live = _outbox.CreateLive(ChatTarget.Private(1));
        _lines = Enumerable.Range(0, Deltas)
            .Select(i => Encoding.UTF8.GetBytes($$"""{"method":"item/agentMessage/delta","params":{"threadId":"{{Thread}}","turnId":"{{TurnId}}","itemId":"msg_1","delta":"{{DeltaText(i)}}"},"emittedAtMs":1795303448880}""" + "\n"))
            .ToArray();

        // The client reads nothing before the handshake (InitializeAsync starts listening): without it every
        // delta line stays in the transport and the first invocation waits forever.
        var handshake = _client.InitializeAsync(new ClientInfo("benchmark", null, "1"));
        var initialize = await _server.Reader.ReadLineAsync() ?? throw new InvalidOperationException("no initialize request");
        using (var request = JsonDocument.Parse(initialize))
        {
            var id = request.RootElement.GetProperty("id").GetRawText();
            await _stdout.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":" + id + ",\"result\":{\"userAgent\":\"benchmark\"}}\n"));
        }

        await handshake.WaitAsync(TimeSpan.FromSeconds(10));
        _ = await _server.Reader.ReadLineAsync(); // "initialized"
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _outbox.DisposeAsync();
        await _stdout.Writer.CompleteAsync();
        await _client.DisposeAsync();
        _server.Close();
    }

    /// <summary>Baseline: wire line → event, the consumer only counts.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Deltas)]
    public Task WireToEvent() => StreamAsync(new Run(null));

    /// <summary>The whole path: wire line → event → live reply → outbox (render at send), and the final render.</summary>
    [Benchmark(OperationsPerInvoke = Deltas)]
    public Task WireToOutbox() => StreamAsync(new Run(new LiveReply()));

    /// <summary>One run is one turn (a new <see cref="CodexTurn"/>, as the engine makes per turn) of <see cref="Deltas"/> deltas.</summary>
    private async Task StreamAsync(Run run)
    {
        var turn = new CodexTurn(_client, Thread, NullLogger.Instance);
        turn.SetTurnId(TurnId);
        _turn = turn;
        var consumer = ConsumeAsync(turn, run);
        foreach (var line in _lines)
        {
            await _stdout.Writer.WriteAsync(line);
        }

        await consumer;
    }

    private async Task ConsumeAsync(CodexTurn turn, Run run)
    {
        await foreach (var ev in turn.Events)
        {
            if (ev is not TextDelta delta)
            {
                continue;
            }

            if (run.Reply is { } reply)
            {
                lock (run.Gate)
                {
                    reply.AppendText(delta.ItemId, delta.Delta);
                }

                // As TurnRun: the change is noted; the content is rendered when the outbox asks for it (a send slot opened).
                _live.MarkStale();
                if (_live.ContentRequested.IsCompleted)
                {
                    _live.Update(run.Render());
                }
            }

            if (++run.Seen == Deltas)
            {
                if (run.Reply is not null)
                {
                    // As TurnRun.FinishAsync: the final pages, rendered once, handed to the outbox.
                    IReadOnlyList<OutgoingContent> final;
                    lock (run.Gate)
                    {
                        final = run.Reply.RenderFinal(null);
                    }

                    _live.Update(final);
                }

                return;
            }
        }
    }

    private sealed class Run
    {
        public Run(LiveReply? reply)
        {
            Reply = reply;
            Render = () =>
            {
                lock (Gate)
                {
                    return Reply!.RenderRunning(null);
                }
            };
        }

        public LiveReply? Reply { get; }

        public Lock Gate { get; } = new();

        public Func<IReadOnlyList<OutgoingContent>> Render { get; }

        public int Seen { get; set; }
    }
}
