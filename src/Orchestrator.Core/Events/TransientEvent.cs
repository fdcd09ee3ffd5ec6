namespace Orchestrator.Core.Events;

/// <summary>The kinds of <see cref="TransientEvent"/> (never stored).</summary>
public static class TransientKinds
{
    /// <summary>A piece of a running turn's answer, in order; <see cref="TransientEvent.Text"/> is the new text.</summary>
    public const string TurnDelta = "turn.delta";

    /// <summary>What a running turn is doing, as its Telegram message's footer says ("Running: npm test"), sent when it changes; empty when it ended.</summary>
    public const string TurnActivity = "turn.activity";
}

/// <summary>
/// An event that is only live, never stored: text deltas and activity of running turns. <see cref="Seq"/> grows by one per event
/// in this process (one sequence for all agents), so a reader that saw <c>Seq</c> = n resumes after it without a gap
/// as long as the event after n is still in the replay ring (<see cref="ITransientEvents"/>).
/// </summary>
public sealed record TransientEvent(
    long Seq,
    DateTimeOffset At,
    string Kind,
    string AgentId,
    long ChatId,
    long TurnId,
    string Text);
