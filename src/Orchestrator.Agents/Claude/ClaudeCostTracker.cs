using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// Per-result cost of a session. A <c>result</c> carries the per-model costs since the previous result
/// (<c>model_usage_since_last_result</c>) and the session's running total (<c>total_cost_usd</c>, which a resumed process
/// continues): the first is used when present, else the growth of the total.
/// </summary>
internal sealed class ClaudeCostTracker(bool startsAtZero)
{
    private readonly Lock _lock = new();
    private double? _lastTotal = startsAtZero ? 0 : null;

    /// <summary>The cost of this result in USD, or null when it cannot be told.</summary>
    public decimal? CostOf(ClaudeOutputMessage result)
    {
        lock (_lock)
        {
            double? cost = result.ModelUsageSinceLastResult is { Count: > 0 } models
                ? models.Values.Sum(m => m.CostUsd ?? 0)
                : result.TotalCostUsd is { } total && _lastTotal is { } last && total >= last ? total - last : null;
            if (result.TotalCostUsd is { } latest)
            {
                _lastTotal = latest;
            }

            return cost is null ? null : Math.Round((decimal)cost.Value, 10);
        }
    }
}
