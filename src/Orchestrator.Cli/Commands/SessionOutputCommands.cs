using System.CommandLine;
using Orchestrator.Cli.Api;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary><c>orch sessions diff ID</c> and <c>orch sessions log ID [--lines N]</c>: what a session changed and did.</summary>
public static class SessionOutputCommands
{
    public static Command Diff(CliContext cli)
    {
        var id = SessionsCommand.IdArgument();
        var stat = new Option<bool>("--stat") { Description = "Only the files and their added/removed line counts" };
        var diff = new Command("diff", "The session's changes against its base commit (unified diff; pipe it to git apply or a pager)") { id, stat };
        diff.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var json = await api.GetAsync(SessionsCommand.Path(parse.GetRequiredValue(id), "diff"), ct).ConfigureAwait(false);
            if (cli.WantsJson(parse))
            {
                await cli.WriteJsonAsync(json).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var view = ApiJson.Read<DiffView>(json);
            var files = view.Files ?? [];
            if (parse.GetValue(stat))
            {
                var table = new Table().AddColumns("File", "Added", "Removed");
                foreach (var f in files)
                {
                    table.AddRow(Formats.Esc(f.Path), "+" + f.Added, "−" + f.Removed);
                }

                cli.Console.Write(table);
            }
            else if (!string.IsNullOrEmpty(view.Diff))
            {
                // Unchanged text on stdout (a patch stays a patch); the summary goes to stderr.
                await cli.Output.WriteAsync(view.Diff.EndsWith('\n') ? view.Diff : view.Diff + "\n").ConfigureAwait(false);
            }

            await cli.Error.WriteLineAsync(files.Count == 0 && string.IsNullOrEmpty(view.Diff)
                ? $"No changes in session {view.SessionId}{(view.Branch is null ? " (a read-only session has no branch)" : $" ({view.Branch} is at its base commit)")}."
                : $"{files.Count} file(s) changed, +{files.Sum(f => f.Added)} −{files.Sum(f => f.Removed)}" +
                  $"{(view.Branch is null ? "" : $" on {view.Branch}")}{(view.BaseCommit is { Length: >= 7 } b ? $" since {b[..7]}" : "")}" +
                  (view.Truncated ? " (the diff is cut at 1 MiB: git diff in the worktree shows all of it)" : "")).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, cancel));
        return diff;
    }

    public static Command Log(CliContext cli)
    {
        var id = SessionsCommand.IdArgument();
        var lines = new Option<int>("--lines", "-n") { Description = "How many of the last lines (at most 1000)", DefaultValueFactory = _ => 50 };
        var log = new Command("log", "The end of the session's log: one line per event") { id, lines };
        log.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var n = parse.GetValue(lines);
            if (n is < 1 or > 1000)
            {
                await cli.Error.WriteLineAsync("orch: --lines must be between 1 and 1000.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var json = await api.GetAsync(SessionsCommand.Path(parse.GetRequiredValue(id), "log-tail") + "?lines=" + n, ct).ConfigureAwait(false);
            if (cli.WantsJson(parse))
            {
                await cli.WriteJsonAsync(json).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            foreach (var line in ApiJson.Read<LogTailView>(json).Lines ?? [])
            {
                await cli.Output.WriteLineAsync(line).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }, cancel));
        return log;
    }
}
