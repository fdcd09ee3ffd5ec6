using System.CommandLine;
using System.Text.Json;
using Orchestrator.Cli.Api;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>orch sessions list|show|followup|stop|resume|archive|delete|diff|log</c>: the coding sessions, each command the
/// same operation as its Telegram twin (<c>/sessions</c>, <c>/session</c>, <c>/followup</c>, …), checked by the bot.
/// </summary>
public static class SessionsCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("sessions", "Coding sessions: list, show, followup, stop, resume, archive, delete, diff, log");
        command.Add(List(cli));
        command.Add(Show(cli));
        command.Add(WithText(cli, "followup", "Send the agent a follow-up in a session that waits for you", "followup", required: true));
        command.Add(Simple(cli, "stop", "Stop a session's running turn", "stop"));
        command.Add(WithText(cli, "resume", "Resume a stopped or failed session (optionally with what to do now)", "resume", required: false));
        command.Add(Simple(cli, "archive", "Archive a session (closes it; its worktree and branch stay until delete)", "archive"));
        command.Add(SessionDeleteCommand.Create(cli));
        command.Add(SessionOutputCommands.Diff(cli));
        command.Add(SessionOutputCommands.Log(cli));
        return command;
    }

    public static Argument<string> IdArgument() => new("id") { Description = "The session's id (6 characters, orch sessions list shows them)" };

    public static string Path(string id, string? action = null) =>
        "api/v1/sessions/" + Formats.Segment(id) + (action is null ? "" : "/" + action);

    /// <summary>Prints a session the API answered with: its JSON, or a title and its details.</summary>
    public static async Task<int> PrintAsync(CliContext cli, ParseResult parse, JsonElement json, bool details = true)
    {
        if (cli.WantsJson(parse))
        {
            await cli.WriteJsonAsync(json).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var session = ApiJson.Read<SessionView>(json);
        if (details)
        {
            cli.Console.Write(SessionPrint.Details(session));
        }
        else
        {
            await cli.Output.WriteLineAsync(SessionPrint.Title(session)).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    private static Command List(CliContext cli)
    {
        var project = new Option<string?>("--project", "-p") { Description = "Only this project's sessions (slug)" };
        var state = new Option<string?>("--state") { Description = "Only sessions in this state (running, waiting_for_user, stopped, failed, completed, archived…)" };
        var archived = new Option<bool>("--archived") { Description = "Include archived sessions (the default lists active ones)" };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List sessions, newest first (active ones unless --archived or --state)") { project, state, archived, limit };
        list.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var query = new List<string> { "limit=" + Math.Clamp(parse.GetValue(limit), 1, 1000) };
            if (parse.GetValue(project) is { Length: > 0 } slug)
            {
                query.Add("project=" + Uri.EscapeDataString(slug));
            }

            if (parse.GetValue(state) is { Length: > 0 } only)
            {
                query.Add("state=" + Uri.EscapeDataString(only.Replace(' ', '_')));
            }

            if (parse.GetValue(archived))
            {
                query.Add("archived=true");
            }

            var json = await api.GetAsync("api/v1/sessions?" + string.Join('&', query), ct).ConfigureAwait(false);
            if (cli.WantsJson(parse))
            {
                await cli.WriteJsonAsync(json).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var sessions = ApiJson.ReadList<SessionView>(json);
            if (sessions.Count == 0)
            {
                await cli.Output.WriteLineAsync("No sessions" + (parse.GetValue(archived) || parse.GetValue(state) is not null ? "." : " active (--archived shows archived ones). orch send starts one.")).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            cli.Console.Write(SessionPrint.Table(sessions));
            return ExitCodes.Ok;
        }, cancel));
        return list;
    }

    private static Command Show(CliContext cli)
    {
        var id = IdArgument();
        var show = new Command("show", "Show one session: state, branch, worktree, turns, tokens") { id };
        show.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
            await PrintAsync(cli, parse, await api.GetAsync(Path(parse.GetRequiredValue(id)), ct).ConfigureAwait(false)).ConfigureAwait(false), cancel));
        return show;
    }

    /// <summary>stop, archive: a POST with no body, answered with the session.</summary>
    private static Command Simple(CliContext cli, string name, string description, string action)
    {
        var id = IdArgument();
        var command = new Command(name, description) { id };
        command.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
            await PrintAsync(cli, parse, await api.PostAsync(Path(parse.GetRequiredValue(id), action), new { }, ct).ConfigureAwait(false), details: false).ConfigureAwait(false), cancel));
        return command;
    }

    /// <summary>followup ID TEXT…, resume ID [TEXT…]: the words after the id are the text, as in Telegram.</summary>
    private static Command WithText(CliContext cli, string name, string description, string action, bool required)
    {
        var id = IdArgument();
        var text = new Argument<string[]>("text")
        {
            Description = required ? "What to tell the agent" : "What to tell the agent now (optional)",
            Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
        };
        var command = new Command(name, description) { id, text };
        command.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var words = string.Join(' ', parse.GetValue(text) ?? []).Trim();
            object body = words.Length > 0 ? new { text = words } : new { };
            var json = await api.PostAsync(Path(parse.GetRequiredValue(id), action), body, ct).ConfigureAwait(false);
            return await PrintAsync(cli, parse, json, details: false).ConfigureAwait(false);
        }, cancel));
        return command;
    }
}
