using System.Globalization;
using System.Threading.Channels;
using Orchestrator.Agents;

namespace Orchestrator.LoadDriver;

/// <summary>
/// A stand-in for Codex that streams numbered words at a fixed rate: the prompt "stream {chat}" starts a turn that
/// emits <see cref="DeltasPerSecond"/> deltas per second for <see cref="Duration"/>, recording when each was emitted.
/// The real codex cannot produce 100 chats × 50 deltas/s on a 2-core machine; this measures the bot alone.
/// </summary>
internal sealed class StreamingEngine(int deltasPerSecond, TimeSpan duration, DeltaLog log) : IAgentEngine
{
    public string Name => "codex";

    public int DeltasPerSecond { get; } = deltasPerSecond;

    public TimeSpan Duration { get; } = duration;

    public Task<IAgentSession> StartSessionAsync(AgentSessionOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAgentSession>(new Session(this, Guid.NewGuid().ToString("N")));

    public Task<IAgentSession> ResumeSessionAsync(string sessionId, AgentSessionOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAgentSession>(new Session(this, sessionId));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The word for delta <paramref name="seq"/>: "w17 ", with a line break after every tenth.</summary>
    public static string Word(int seq) => string.Create(CultureInfo.InvariantCulture, $"w{seq}{(seq % 10 == 9 ? "\n" : " ")}");

    private sealed class Session(StreamingEngine engine, string id) : IAgentSession
    {
        public string SessionId => id;

        public Task<IAgentTurn> StartTurnAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default)
        {
            var prompt = input.OfType<TextInput>().FirstOrDefault()?.Text ?? "";
            var chat = long.Parse(prompt.Split(' ')[^1], CultureInfo.InvariantCulture);
            var total = (int)(engine.DeltasPerSecond * engine.Duration.TotalSeconds);
            var turn = new Turn(engine.DeltasPerSecond, total, engine.log, chat);
            turn.Start();
            return Task.FromResult<IAgentTurn>(turn);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private readonly DeltaLog log = log;

    private sealed class Turn(int rate, int total, DeltaLog log, long chat) : IAgentTurn
    {
        private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
        private readonly TaskCompletionSource<TurnEnded> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _interrupt = new();

        public string TurnId { get; } = Guid.NewGuid().ToString("N");

        public IAsyncEnumerable<AgentEvent> Events => _events.Reader.ReadAllAsync();

        public Task<TurnEnded> Completion => _completion.Task;

        public void Start() => _ = Task.Run(RunAsync);

        private async Task RunAsync()
        {
            var times = log.Begin(chat, total);
            var text = new System.Text.StringBuilder();
            var outcome = TurnOutcome.Completed;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            var sent = 0;
            try
            {
                while (sent < total && await timer.WaitForNextTickAsync(_interrupt.Token).ConfigureAwait(false))
                {
                    var due = Math.Min(total, (int)(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds * rate));
                    for (; sent < due; sent++)
                    {
                        var word = Word(sent);
                        text.Append(word);
                        times[sent] = DateTimeOffset.UtcNow;
                        _events.Writer.TryWrite(new TextDelta("msg", word));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                outcome = TurnOutcome.Interrupted;
            }

            log.End(chat, text.ToString(), sent);
            var end = new TurnEnded(outcome, FinalText: text.ToString());
            _events.Writer.TryWrite(end);
            _events.Writer.TryComplete();
            _completion.TrySetResult(end);
        }

        public Task SteerAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task InterruptAsync(CancellationToken cancellationToken = default) => _interrupt.CancelAsync();

        public Task RespondToApprovalAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
