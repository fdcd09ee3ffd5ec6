using System.CommandLine;
using Orchestrator.Cli.Api;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary><c>orch projects list|show SLUG|add PATH [--name] [--default-branch]</c>.</summary>
public static class ProjectsCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("projects", "Projects (git repositories the agents work on): list, show, add");
        command.Add(List(cli));
        command.Add(Show(cli));
        command.Add(Add(cli));
        return command;
    }

    private static Command List(CliContext cli)
    {
        var list = new Command("list", "List the projects");
        list.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var json = await api.GetAsync("api/v1/projects", ct).ConfigureAwait(false);
            if (cli.WantsJson(parse))
            {
                await cli.WriteJsonAsync(json).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var projects = ApiJson.ReadList<ProjectView>(json);
            if (projects.Count == 0)
            {
                await cli.Output.WriteLineAsync("No projects yet: an admin adds one with orch projects add PATH (or /project add in Telegram).").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Slug", "Name", "Path", "Default branch", "Active", "Sessions", "Disk");
            foreach (var p in projects)
            {
                table.AddRow(
                    Formats.Esc(p.Slug), Formats.Esc(p.Name), Formats.Esc(p.Path), Formats.Esc(p.DefaultBranch),
                    p.ActiveSessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    p.Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture), Formats.Bytes(p.DiskBytes));
            }

            cli.Console.Write(table);
            return ExitCodes.Ok;
        }, cancel));
        return list;
    }

    private static Command Show(CliContext cli)
    {
        var slug = new Argument<string>("project") { Description = "The project's slug (or id)" };
        var show = new Command("show", "Show one project") { slug };
        show.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var json = await api.GetAsync("api/v1/projects/" + Formats.Segment(parse.GetRequiredValue(slug)), ct).ConfigureAwait(false);
            return await PrintAsync(cli, parse, json).ConfigureAwait(false);
        }, cancel));
        return show;
    }

    private static Command Add(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "The repository's folder on the bot's machine (relative: to this folder), inside Agents:AllowedRoots" };
        var name = new Option<string?>("--name") { Description = "Its name (default: the folder's name); the slug is made from it" };
        var branch = new Option<string?>("--default-branch") { Description = "The branch sessions start from (default: the repository's current branch)" };
        var add = new Command("add", "Register a git repository as a project (admins)") { path, name, branch };
        add.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            // The bot runs on this machine (ORCH_URL is loopback by default): a relative path means this folder's.
            var full = Path.GetFullPath(parse.GetRequiredValue(path));
            var json = await api.PostAsync("api/v1/projects", new Dictionary<string, string?>
            {
                ["path"] = full,
                ["name"] = parse.GetValue(name),
                ["default_branch"] = parse.GetValue(branch),
            }.Where(p => p.Value is not null).ToDictionary(), ct).ConfigureAwait(false);
            if (!cli.WantsJson(parse))
            {
                var project = ApiJson.Read<ProjectView>(json);
                await cli.Output.WriteLineAsync($"Project {project.Slug} added: {project.Path} ({project.DefaultBranch}).").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await cli.WriteJsonAsync(json).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, cancel));
        return add;
    }

    private static async Task<int> PrintAsync(CliContext cli, ParseResult parse, System.Text.Json.JsonElement json)
    {
        if (cli.WantsJson(parse))
        {
            await cli.WriteJsonAsync(json).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var p = ApiJson.Read<ProjectView>(json);
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Project", Formats.Esc($"{p.Slug} ({p.Id})"));
        grid.AddRow("Name", Formats.Esc(p.Name));
        grid.AddRow("Path", Formats.Esc(p.Path));
        grid.AddRow("Default branch", Formats.Esc(p.DefaultBranch));
        grid.AddRow("Sessions", $"{p.ActiveSessions} active, {p.Sessions} in all");
        grid.AddRow("On disk", Formats.Bytes(p.DiskBytes) is { Length: > 0 } disk ? disk : "unknown");
        grid.AddRow("Added", Formats.When(p.CreatedAt));
        cli.Console.Write(grid);
        return ExitCodes.Ok;
    }
}
