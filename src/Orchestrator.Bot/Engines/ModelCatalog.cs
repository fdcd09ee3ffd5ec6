using Microsoft.Extensions.Options;
using Orchestrator.Agents.Codex;

namespace Orchestrator.Bot.Engines;

/// <summary>A model an agent can use. <paramref name="IsDefault"/>: the engine's own default.</summary>
public sealed record ModelChoice(string Name, string Label, bool IsDefault);

/// <summary>
/// The models each engine offers for <c>/model</c>: Codex from its app-server (<c>model/list</c>), Claude from the
/// configuration (<c>Claude:Models</c>), an ACP engine from <c>Engines:Acp:NAME:Models</c> (ACP has no model list an
/// offline Copilot answers).
/// </summary>
public sealed class ModelCatalog(EngineRegistry engines, IOptions<ClaudeOptions> claude, IOptions<AcpEnginesOptions> acp)
{
    public async Task<IReadOnlyList<ModelChoice>> ListAsync(string engine, CancellationToken cancellationToken)
    {
        switch (engine)
        {
            case "codex" when engines.Get(engine) is CodexEngine codex:
                var models = await codex.ListModelsAsync(cancellationToken);
                return [.. models.Select(m => new ModelChoice(m.Model, string.IsNullOrWhiteSpace(m.DisplayName) ? m.Model : m.DisplayName, m.IsDefault))];
            case "claude":
                return [.. claude.Value.OfferedModels.Select(m => new ModelChoice(m, m, false))];
            case var name when acp.Value.Agents.TryGetValue(name, out var agent):
                return [.. agent.Models.Select(m => new ModelChoice(m, m, false))];
            default:
                return [];
        }
    }
}
