using System.CommandLine;
using System.Net;
using System.Text.Json;
using Orchestrator.Cli.Api;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>orch sessions delete ID [--delete-branch] [--yes]</c>: shows the cleanup preview (worktree, uncommitted and
/// untracked files, branch and unmerged commits, artifacts, log) and asks. The bot deletes only what the confirmed
/// preview showed: when the session changed in between (409 with the new preview) the new one is shown and asked again.
/// Without a terminal to ask on, only <c>--yes</c> deletes.
/// </summary>
public static class SessionDeleteCommand
{
    /// <summary>A session that keeps changing under the question is not asked about forever.</summary>
    private const int MaxAttempts = 5;

    public static Command Create(CliContext cli)
    {
        var id = SessionsCommand.IdArgument();
        var deleteBranch = new Option<bool>("--delete-branch") { Description = "Delete the session's branch too (its unmerged commits are lost)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask (scripts); still refused if the session changes after the preview" };
        var delete = new Command("delete", "Delete a session's worktree, artifacts and log (and --delete-branch its branch), after showing what goes") { id, deleteBranch, yes };
        delete.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var sessionId = parse.GetRequiredValue(id);
            var withBranch = parse.GetValue(deleteBranch);
            var json = cli.WantsJson(parse);
            // The dialog goes to stderr under --json, so that stdout stays one JSON document.
            var dialog = json ? cli.ErrorConsole : cli.Console;
            var preview = ApiJson.Read<CleanupPreviewView>(await api.GetAsync(SessionsCommand.Path(sessionId, "cleanup-preview"), ct).ConfigureAwait(false));
            for (var attempt = 1; ; attempt++)
            {
                dialog.Write(SessionPrint.Preview(preview, withBranch));
                if (!parse.GetValue(yes))
                {
                    if (!cli.CanAsk)
                    {
                        await cli.Error.WriteLineAsync($"orch: nothing deleted: there is no terminal to ask on. Add --yes to delete session {preview.SessionId} as shown.").ConfigureAwait(false);
                        return ExitCodes.Failed;
                    }

                    var question = withBranch && preview.BranchExists ? $"Delete session {preview.SessionId} and its branch?" : $"Delete session {preview.SessionId}?";
                    if (!await dialog.ConfirmAsync(question, defaultValue: false, ct).ConfigureAwait(false))
                    {
                        await cli.Error.WriteLineAsync("orch: nothing deleted.").ConfigureAwait(false);
                        return ExitCodes.Failed;
                    }
                }

                try
                {
                    var deleted = await api.PostAsync(
                        SessionsCommand.Path(sessionId, "delete"), new { confirm = preview.Confirm, delete_branch = withBranch }, ct).ConfigureAwait(false);
                    if (json)
                    {
                        await cli.WriteJsonAsync(deleted).ConfigureAwait(false);
                    }
                    else
                    {
                        var session = ApiJson.Read<SessionView>(deleted);
                        var branch = session.Branch is null ? "" : withBranch ? $"; branch {session.Branch} deleted" : $"; branch {session.Branch} kept";
                        await cli.Output.WriteLineAsync($"Session {session.Id} deleted{branch}.").ConfigureAwait(false);
                    }

                    return ExitCodes.Ok;
                }
                catch (ApiException ex) when (ex.Status == HttpStatusCode.Conflict && NewPreview(ex) is { } changed)
                {
                    preview = changed;
                    if (parse.GetValue(yes) || attempt >= MaxAttempts)
                    {
                        dialog.Write(SessionPrint.Preview(preview, withBranch));
                        throw new ApiException($"Nothing deleted: session {preview.SessionId} changed after the preview (shown above, as it is now). Run the delete again.", ex.Status, ex.Problem);
                    }

                    dialog.MarkupLine("[yellow]The session changed since that preview; this is what a delete removes now:[/]");
                }
            }
        }, cancel));
        return delete;
    }

    /// <summary>The current preview a stale delete's 409 carries (its <c>preview</c> member), if any.</summary>
    private static CleanupPreviewView? NewPreview(ApiException ex) =>
        ex.Problem.ValueKind == JsonValueKind.Object && ex.Problem.TryGetProperty("preview", out var preview) && preview.ValueKind == JsonValueKind.Object
            ? ApiJson.Read<CleanupPreviewView>(preview)
            : null;
}
