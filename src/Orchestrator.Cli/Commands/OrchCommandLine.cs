using System.CommandLine;
using Orchestrator.Cli.Api;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>The <c>orch</c> command tree, and its run with exit codes 0 (ok), 1 (refused or failed), 2 (usage).</summary>
public static class OrchCommandLine
{
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("orch: drive Orchestrator.Bot's agents from a terminal (ORCH_URL, ORCH_TOKEN)")
        {
            CliContext.Json,
            HealthCommand.Create(cli),
            AgentsCommand.Create(cli),
            EventsCommand.Create(cli),
            ChatCommand.Create(cli),
            ProjectsCommand.Create(cli),
            SendCommand.Create(cli),
            SessionsCommand.Create(cli),
            ArtifactsCommand.Create(cli),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out)
        {
            console.Profile.Width = 200; // piped: tables as wide as they need (ids are never cut)
        }

        var errorConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        var cli = new CliContext(OrchApi.FromEnvironment, console, errorConsole, output, error);
        var root = Build(cli);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"orch: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("orch --help lists the commands.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
    }
}
