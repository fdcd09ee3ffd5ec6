using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>
/// <c>/model</c>: the current agent's model, with a keyboard of the models its engine offers; <c>/model NAME</c> sets it,
/// <c>/model default</c> returns to the engine's default. A change starts a new session.
/// </summary>
public sealed class ModelCommand(AgentControl control, ModelCatalog catalog, ILogger<ModelCommand> logger) : IBotCommand
{
    public string Name => "model";

    public bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0; // bare: shows the current value or the usage

    public string Description => "Show or change the agent's model: /model [NAME|default]";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var chat = AgentChat.KeyOf(context.Message);
        var agent = await control.CurrentAsync(chat, cancellationToken);
        var argument = context.Arguments.Trim();
        var models = await TryListAsync(agent.Engine, cancellationToken);
        if (argument.Length == 0)
        {
            await context.ReplyAsync(Keyboard(agent, models), cancellationToken);
            return;
        }

        string? model = string.Equals(argument, "default", StringComparison.OrdinalIgnoreCase) ? null : argument;
        if (model is not null && !ModelNames.IsValid(model))
        {
            await context.ReplyAsync($"“{AgentTexts.Excerpt(argument, 40)}” is not a model name. Send /model to choose from a list.", cancellationToken);
            return;
        }

        var note = model is not null && models is { Count: > 0 } && !models.Any(m => m.Name == model)
            ? $" (not in {agent.Engine}'s list of models: it must be known to your provider)"
            : "";
        await context.ReplyAsync(await SetAsync(chat, agent, model, cancellationToken) + note, cancellationToken);
    }

    /// <summary>Sets the model of the chat's current agent <paramref name="agent"/>; returns the answer for the user.</summary>
    public async Task<string> SetAsync(ChatKey chat, AgentRecord agent, string? model, CancellationToken cancellationToken)
    {
        if (agent.Model == model)
        {
            return $"{AgentTexts.Title(agent)} already uses {AgentTexts.ModelOf(agent)}.";
        }

        var (outcome, changed) = await control.ChangeAsync(chat, a => a with { Model = model, SessionId = null }, cancellationToken);
        return outcome == ChangeOutcome.Busy
            ? AgentTexts.Busy
            : $"🧠 Model of {AgentTexts.Title(changed!)}: {AgentTexts.ModelOf(changed!)}. {AgentTexts.NewSessionNote}";
    }

    private async Task<IReadOnlyList<ModelChoice>?> TryListAsync(string engine, CancellationToken cancellationToken)
    {
        try
        {
            return await catalog.ListAsync(engine, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not list the models of {Engine}", engine);
            return null;
        }
    }

    private static OutgoingContent Keyboard(AgentRecord agent, IReadOnlyList<ModelChoice>? models)
    {
        var text = $"Model of {AgentTexts.Title(agent)} ({agent.Engine}): {AgentTexts.ModelOf(agent)}.";
        if (models is null)
        {
            return OutgoingContent.FromPlainText(text + $"\nThe list of {agent.Engine} models is not available right now; set one with /model NAME.");
        }

        var buttons = new List<InlineKeyboardButton>();
        var tooLong = new List<string>();
        foreach (var model in models)
        {
            if (AgentButtons.Model(agent.Id, model.Name) is { } data)
            {
                var label = (model.Name == agent.Model ? "✅ " : "") + model.Label + (model.IsDefault ? " (default)" : "");
                buttons.Add(InlineKeyboardButton.WithCallbackData(label, data));
            }
            else
            {
                tooLong.Add(model.Name);
            }
        }

        buttons.Add(InlineKeyboardButton.WithCallbackData((agent.Model is null ? "✅ " : "") + "Engine default", AgentButtons.Model(agent.Id, null)!));
        var rows = buttons.Chunk(2).Select(row => row.ToArray()).ToList();
        text += "\nChoose one (a change starts a new session), or send /model NAME.";
        if (tooLong.Count > 0)
        {
            text += "\nAlso available: " + string.Join(", ", tooLong);
        }

        return OutgoingContent.FromPlainText(text, new InlineKeyboardMarkup(rows));
    }
}
