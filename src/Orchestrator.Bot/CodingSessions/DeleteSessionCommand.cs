using System.Collections.Concurrent;
using System.Text;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;
using Orchestrator.Core.Projects;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// Cleanup previews shown by <c>/delete</c> and waiting for Confirm/Cancel. A confirmation acts on exactly the preview
/// the user saw (the worktree layer refuses if the worktree changed since); a preview expires after 10 minutes.
/// </summary>
public sealed class PendingDeletes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (DeletePreview Preview, bool DeleteBranch, DateTimeOffset At)> _pending = new(StringComparer.Ordinal);

    public void Put(DeletePreview preview, bool deleteBranch) => _pending[preview.Session.Id] = (preview, deleteBranch, time.GetUtcNow());

    public (DeletePreview Preview, bool DeleteBranch)? Take(string sessionId)
    {
        if (!_pending.TryRemove(sessionId, out var entry) || time.GetUtcNow() - entry.At > Lifetime)
        {
            return null;
        }

        return (entry.Preview, entry.DeleteBranch);
    }

    public bool Cancel(string sessionId) => _pending.TryRemove(sessionId, out _);
}

/// <summary><c>/delete ID [--delete-branch]</c>: shows what would be removed and asks for Confirm/Cancel.</summary>
public sealed class DeleteSessionCommand(AccessPolicy access, CodingSessionService sessions, PendingDeletes pending) : ControlPlaneCommand(access)
{
    public override string Name => "delete";

    public override string Description => "Delete a coding session after a cleanup preview: /delete ID [--delete-branch]";

    public override bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0;

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var (id, rest) = SplitId(context.Arguments, "/delete ID [--delete-branch]");
        var deleteBranch = rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Contains("--delete-branch");
        var preview = await sessions.PreviewDeleteAsync(id, actor, cancellationToken);
        pending.Put(preview, deleteBranch);
        await context.ReplyAsync(OutgoingContent.FromPlainText(Describe(preview, deleteBranch), Buttons(preview, deleteBranch)), cancellationToken);
    }

    public static string Describe(DeletePreview p, bool deleteBranch)
    {
        var text = new StringBuilder($"🗑 Delete session {p.Session.Id} ({p.Session.State.Replace('_', ' ')})? This removes:\n");
        if (p.Git is { } git)
        {
            text.Append(git.WorktreeExists ? $"• the worktree {git.WorktreePath} ({DiskUsage.Format(git.SizeBytes)})\n" : "• (the worktree folder is already gone)\n");
            if (git.UncommittedFiles.Count > 0)
            {
                text.Append($"  ⚠️ {git.UncommittedFiles.Count} uncommitted file(s) will be lost: {string.Join(", ", git.UncommittedFiles.Take(10))}\n");
            }

            if (git.UntrackedFiles.Count > 0)
            {
                text.Append($"  ⚠️ {git.UntrackedFiles.Count} untracked file(s) will be lost: {string.Join(", ", git.UntrackedFiles.Take(10))}\n");
            }

            var merged = !git.BranchExists ? "already gone" : git.UnmergedCommits == 0 ? "merged" : $"{git.UnmergedCommits} commit(s) not merged";
            text.Append(deleteBranch && git.BranchExists
                ? $"• the branch {git.Branch} ({merged}){(p.BranchHasUnmergedWork ? " — only if you press the button that says so" : "")}\n"
                : $"  The branch {git.Branch} is kept ({merged}).\n");
        }

        text.Append(p.Artifacts.Count == 0 ? "• no artifacts\n" : $"• {p.Artifacts.Count} artifact(s): {string.Join(", ", p.Artifacts.Select(a => a.Name))}\n");
        text.Append(p.LogExists ? $"• the log {p.LogPath}\n" : "");
        text.Append($"The session's database row stays (as deleted) with its {p.CommandRows} command record(s) and events.");
        return text.ToString();
    }

    private static InlineKeyboardMarkup Buttons(DeletePreview p, bool deleteBranch)
    {
        var id = p.Session.Id;
        var rows = new List<InlineKeyboardButton[]>();
        if (deleteBranch && p.Git is { BranchExists: true })
        {
            if (p.BranchHasUnmergedWork)
            {
                rows.Add([InlineKeyboardButton.WithCallbackData("✅ Delete, keep the branch", SessionTexts.Data("del", id, "keep"))]);
                rows.Add([InlineKeyboardButton.WithCallbackData($"⚠️ Delete, and the branch with {p.Git.UnmergedCommits} unmerged commit(s)", SessionTexts.Data("del", id, "branch"))]);
            }
            else
            {
                rows.Add([InlineKeyboardButton.WithCallbackData("✅ Delete with the branch", SessionTexts.Data("del", id, "branch"))]);
            }
        }
        else
        {
            rows.Add([InlineKeyboardButton.WithCallbackData("✅ Delete", SessionTexts.Data("del", id, "keep"))]);
        }

        rows.Add([InlineKeyboardButton.WithCallbackData("✖️ Cancel", SessionTexts.Data("nodel", id))]);
        return new InlineKeyboardMarkup(rows);
    }
}
