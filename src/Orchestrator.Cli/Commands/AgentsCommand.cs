using System.CommandLine;
using System.Text.Json;
using Orchestrator.Cli.Api;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary><c>orch agents list</c>: the agents you may use (all of them for an admin).</summary>
public static class AgentsCommand
{
    public static Command Create(CliContext cli)
    {
        var list = new Command("list", "List the agents you may use");
        list.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var agents = await api.GetAsync("api/v1/agents", ct).ConfigureAwait(false);
            if (parse.GetValue(CliContext.Json))
            {
                await cli.WriteJsonAsync(agents).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (agents.GetArrayLength() == 0)
            {
                await cli.Output.WriteLineAsync("No agents yet: write to the bot in Telegram, or use orch chat default \"…\".").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Id", "Name", "Engine", "Model", "Chat", "Current", "Running turn", "Folder");
            foreach (var agent in agents.EnumerateArray())
            {
                table.AddRow(
                    Markup.Escape(CliContext.Text(agent, "id")),
                    Markup.Escape(CliContext.Text(agent, "emoji") + " " + CliContext.Text(agent, "name")),
                    Markup.Escape(CliContext.Text(agent, "engine")),
                    Markup.Escape(CliContext.Text(agent, "model") is { Length: > 0 } model ? model : "default"),
                    Markup.Escape(CliContext.Text(agent, "chat_id")),
                    CliContext.Text(agent, "current") == "true" ? "yes" : "",
                    Markup.Escape(CliContext.Text(agent, "running_turn_id")),
                    Markup.Escape(CliContext.Text(agent, "working_directory")));
            }

            cli.Console.Write(table);
            return ExitCodes.Ok;
        }, cancel));

        var command = new Command("agents", "Agents: list");
        command.Add(list);
        return command;
    }

    /// <summary>The agent named or numbered <paramref name="nameOrId"/> among those the caller may use.</summary>
    public static async Task<JsonElement> FindAsync(OrchApi api, string nameOrId, CancellationToken cancellationToken)
    {
        var agents = await api.GetAsync("api/v1/agents", cancellationToken).ConfigureAwait(false);
        var byId = agents.EnumerateArray().Where(a => CliContext.Text(a, "id") == nameOrId).ToList();
        if (byId.Count == 1)
        {
            return byId[0];
        }

        var byName = agents.EnumerateArray().Where(a => string.Equals(CliContext.Text(a, "name"), nameOrId, StringComparison.OrdinalIgnoreCase)).ToList();
        return byName.Count switch
        {
            1 => byName[0],
            0 => throw new ApiException($"There is no agent \"{nameOrId}\" you can use: orch agents list shows them."),
            _ => throw new ApiException($"Several agents are named \"{nameOrId}\" (in different chats): give its id (orch agents list)."),
        };
    }
}
