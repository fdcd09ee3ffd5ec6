using System.CommandLine;

namespace Orchestrator.Cli.Commands;

/// <summary><c>orch health</c>: the API answers, and the token is accepted.</summary>
public static class HealthCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("health", "Check that the bot's API answers and accepts your token");
        command.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var health = await api.GetAsync("api/v1/health", ct).ConfigureAwait(false);
            if (parse.GetValue(CliContext.Json))
            {
                await cli.WriteJsonAsync(health).ConfigureAwait(false);
            }
            else
            {
                await cli.Output.WriteLineAsync($"{CliContext.Text(health, "status")} — {api.BaseUrl} (version {CliContext.Text(health, "version")})").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, cancel));
        return command;
    }
}
