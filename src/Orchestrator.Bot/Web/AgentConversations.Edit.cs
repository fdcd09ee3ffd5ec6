using System.Globalization;
using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Sessions.Commands;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Bot.Web;

/// <summary>
/// Engines and agent editing: the checks of <c>/model</c> (<see cref="ModelNames"/>, the engine's list from
/// <see cref="ModelCatalog"/>), <c>/folder</c> (<see cref="FolderPolicy"/>) and <c>/persona</c>
/// (<see cref="PersonaCommand.MaxLength"/>), applied in one <see cref="AgentControl"/> change: refused while a turn runs,
/// and a change of engine, model, folder or persona starts a new session, as in Telegram.
/// </summary>
public sealed partial class AgentConversations
{
    /// <summary>The longest emoji accepted (an emoji with modifiers is a few UTF-16 units, never more).</summary>
    private const int MaxEmojiLength = 16;

    public async Task<IReadOnlyList<EngineView>> EnginesAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var views = new List<EngineView>();
        foreach (var name in engineNames.All)
        {
            IReadOnlyList<ModelChoice> choices;
            try
            {
                choices = await models.ListAsync(name, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An engine that is not installed, or whose list cannot be read now: offered without a list, as /model does.
                logger.LogInformation("The models of {Engine} could not be listed: {Error}", name, ex.Message);
                choices = [];
            }

            views.Add(new EngineView(name, choices.FirstOrDefault(c => c.IsDefault)?.Name, choices.Select(c => c.Name).ToList()));
        }

        return views;
    }

    public async Task<OperationResult<AgentUpdated>> UpdateAsync(Caller caller, string agentId, AgentChanges changes, CancellationToken cancellationToken = default)
    {
        var agent = await access.FindAsync(caller, agentId, cancellationToken);
        if (agent is null)
        {
            return NotFound<AgentUpdated>(agentId);
        }

        var problem = Validate(agent, changes, out var target);
        if (problem is not null)
        {
            return OperationResult<AgentUpdated>.Fail(problem.Value.Status, problem.Value.Message);
        }

        var newSession = target.Engine != agent.Engine || target.Model != agent.Model
            || target.WorkingDirectory != agent.WorkingDirectory || target.Persona != agent.Persona;
        if (target == agent)
        {
            return OperationResult<AgentUpdated>.Ok(new AgentUpdated(await ViewAsync(agent, cancellationToken), false, "Nothing changed."));
        }

        var key = new ChatKey(agent.ChatId, agent.TopicId);
        var (outcome, changed) = await control.ChangeAsync(
            key,
            agent.Id,
            a => a with
            {
                Name = target.Name, Emoji = target.Emoji, Engine = target.Engine, Model = target.Model,
                WorkingDirectory = target.WorkingDirectory, Persona = target.Persona,
                SessionId = newSession ? null : a.SessionId,
            },
            cancellationToken);
        var what = Describe(agent, target);
        await audit.RecordAsync(caller.UserId, caller.Name, key.ChatId, key.TopicId, AuditActions.Agent,
            $"{caller.Channel}: change agent {agent.Name}: {what}: {outcome}", cancellationToken);
        return outcome switch
        {
            ChangeOutcome.Done => OperationResult<AgentUpdated>.Ok(new AgentUpdated(
                await ViewAsync(changed!, cancellationToken),
                newSession,
                $"{AgentTexts.Title(changed!)}: {what}." + (newSession ? " " + AgentTexts.NewSessionNote : ""))),
            ChangeOutcome.Busy => OperationResult<AgentUpdated>.Fail(OperationStatus.Conflict, "A turn is running in this agent's chat: wait for it to finish or stop it first."),
            ChangeOutcome.NameTaken => OperationResult<AgentUpdated>.Fail(OperationStatus.Conflict, $"There is already an agent named {target.Name} in that chat."),
            _ => NotFound<AgentUpdated>(agentId),
        };
    }

    /// <summary>The agent as <paramref name="changes"/> would make it, or why not (nothing is changed then).</summary>
    private (OperationStatus Status, string Message)? Validate(AgentRecord agent, AgentChanges changes, out AgentRecord target)
    {
        target = agent;
        if (changes.Name is { } name)
        {
            name = name.Trim();
            if (!NamePattern().IsMatch(name))
            {
                return (OperationStatus.Invalid, "An agent name has 1 to 32 letters, digits, - and _.");
            }

            target = target with { Name = name };
        }

        if (changes.Emoji is { } emoji)
        {
            emoji = emoji.Trim();
            if (!IsEmoji(emoji))
            {
                return (OperationStatus.Invalid, "The avatar is one emoji (e.g. 🦊).");
            }

            target = target with { Emoji = emoji };
        }

        if (changes.Engine is { } engineName)
        {
            var engine = engineName.Trim().ToLowerInvariant();
            if (!engineNames.IsKnown(engine))
            {
                return (OperationStatus.Invalid, $"The engine is {engineNames.Listed}.");
            }

            if (engine != agent.Engine)
            {
                try
                {
                    engines.Get(engine);
                }
                catch (EngineUnavailableException ex)
                {
                    return (OperationStatus.Conflict, ex.Message);
                }

                // Another engine's models are other names: its default, unless a model comes with the change.
                target = target with { Engine = engine, Model = null };
            }
        }

        if (changes.Model is { } modelName)
        {
            // As /model: "default" (or nothing) is the engine's default.
            var model = modelName.Trim();
            string? chosen = model.Length == 0 || string.Equals(model, "default", StringComparison.OrdinalIgnoreCase) ? null : model;
            if (chosen is not null && !ModelNames.IsValid(chosen))
            {
                return (OperationStatus.Invalid, $"“{AgentTexts.Excerpt(model, 40)}” is not a model name (GET /api/v1/engines lists them).");
            }

            target = target with { Model = chosen };
        }

        if (changes.Folder is { } folder)
        {
            var check = folders.Check(folder.Trim(), agent.WorkingDirectory);
            if (!check.IsAllowed)
            {
                return (OperationStatus.Invalid, $"{check.Problem} The folder stays {agent.WorkingDirectory}.");
            }

            target = target with { WorkingDirectory = check.Folder! };
        }

        if (changes.Persona is { } personaText)
        {
            // As /persona: empty (or "clear") removes it.
            var persona = personaText.Trim();
            string? chosen = persona.Length == 0 || string.Equals(persona, "clear", StringComparison.OrdinalIgnoreCase) ? null : persona;
            if (chosen is { Length: > PersonaCommand.MaxLength })
            {
                return (OperationStatus.Invalid, $"A persona can have at most {PersonaCommand.MaxLength} characters (this one has {chosen.Length}).");
            }

            target = target with { Persona = chosen };
        }

        return null;
    }

    private static bool IsEmoji(string text) =>
        text.Length is > 0 and <= MaxEmojiLength
        && new StringInfo(text).LengthInTextElements == 1
        && !text.Any(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || char.IsControl(c) || char.IsPunctuation(c));

    private static string Describe(AgentRecord before, AgentRecord after)
    {
        var parts = new List<string>();
        if (after.Name != before.Name)
        {
            parts.Add($"renamed to {after.Name}");
        }

        if (after.Emoji != before.Emoji)
        {
            parts.Add($"avatar {after.Emoji}");
        }

        if (after.Engine != before.Engine)
        {
            parts.Add($"engine {after.Engine}");
        }

        if (after.Model != before.Model)
        {
            parts.Add($"model {AgentTexts.ModelOf(after)}");
        }

        if (after.WorkingDirectory != before.WorkingDirectory)
        {
            parts.Add($"folder {after.WorkingDirectory}");
        }

        if (after.Persona != before.Persona)
        {
            parts.Add(after.Persona is null ? "persona removed" : "persona set");
        }

        return parts.Count == 0 ? "nothing changed" : string.Join(", ", parts);
    }
}
