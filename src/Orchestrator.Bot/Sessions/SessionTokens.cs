namespace Orchestrator.Bot.Sessions;

/// <summary>A session's turn count and token counts (see <see cref="TurnStore.TokensOfSessionAsync"/>).</summary>
public sealed record SessionTokens(long Turns, long SumInput, long SumOutput, long LastInput, long LastOutput)
{
    /// <summary>
    /// The session's tokens. Codex reports thread totals with every turn (the latest turn holds the session's total);
    /// other engines (Claude) report each turn's own tokens, which add up.
    /// </summary>
    public (long Input, long Output) For(string engine) =>
        engine == "codex" ? (LastInput, LastOutput) : (SumInput, SumOutput);
}
