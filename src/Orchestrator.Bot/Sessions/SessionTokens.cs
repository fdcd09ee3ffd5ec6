namespace Orchestrator.Bot.Sessions;

/// <summary>A session's turn count, token counts and cost (see <see cref="TurnStore.TokensOfSessionAsync"/>).</summary>
/// <param name="TotalCostUsd">The sum of the costs the engine reported for the session's turns.</param>
/// <param name="CostedTurns">How many turns had a cost reported.</param>
public sealed record SessionTokens(long Turns, long SumInput, long SumOutput, long LastInput, long LastOutput, double TotalCostUsd, long CostedTurns)
{
    /// <summary>The session's cost in US dollars, or null when the engine reported none (Codex).</summary>
    public double? SumCostUsd => CostedTurns > 0 ? TotalCostUsd : null;

    /// <summary>
    /// The session's tokens. Codex reports thread totals with every turn (the latest turn holds the session's total);
    /// other engines (Claude) report each turn's own tokens, which add up.
    /// </summary>
    public (long Input, long Output) For(string engine) =>
        engine == "codex" ? (LastInput, LastOutput) : (SumInput, SumOutput);
}
