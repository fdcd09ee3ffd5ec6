using System.Threading.Channels;
using Orchestrator.Agents;

namespace Orchestrator.Bot.Tests.Reliability;

/// <summary>
/// A stand-in for Codex, registered in the service collection: every turn writes <see cref="Before"/>, waits for
/// <see cref="Release"/>, writes <see cref="After"/> and completes. Lets a test place an outage in the middle of a turn.
/// </summary>
internal sealed class GatedEngine : IAgentEngine
{
    public const string Before = "Before the outage.";
    public const string After = "After the outage.";

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "codex";

    public void Release() => _gate.TrySetResult();

    public Task<IAgentSession> StartSessionAsync(AgentSessionOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAgentSession>(new Session(this, "gated-" + Guid.NewGuid().ToString("N")));

    public Task<IAgentSession> ResumeSessionAsync(string sessionId, AgentSessionOptions options, CancellationToken cancellationToken = default) =>
        Task.FromResult<IAgentSession>(new Session(this, sessionId));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Session(GatedEngine engine, string id) : IAgentSession
    {
        public string SessionId => id;

        public Task<IAgentTurn> StartTurnAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default)
        {
            var turn = new Turn();
            _ = turn.RunAsync(engine._gate.Task);
            return Task.FromResult<IAgentTurn>(turn);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Turn : IAgentTurn
    {
        private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>();
        private readonly TaskCompletionSource<TurnEnded> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string TurnId { get; } = Guid.NewGuid().ToString("N");

        public IAsyncEnumerable<AgentEvent> Events => _events.Reader.ReadAllAsync();

        public Task<TurnEnded> Completion => _completion.Task;

        public async Task RunAsync(Task gate)
        {
            _events.Writer.TryWrite(new TextDelta("msg", Before + " "));
            await gate;
            _events.Writer.TryWrite(new TextDelta("msg", After));
            var end = new TurnEnded(TurnOutcome.Completed);
            _events.Writer.TryWrite(end);
            _events.Writer.TryComplete();
            _completion.TrySetResult(end);
        }

        public Task SteerAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task InterruptAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task RespondToApprovalAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
