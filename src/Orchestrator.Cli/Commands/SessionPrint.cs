using System.Globalization;
using Orchestrator.Cli.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Orchestrator.Cli.Commands;

/// <summary>How sessions and their cleanup previews look in a terminal.</summary>
public static class SessionPrint
{
    /// <summary>"Session a1b2c3: codex implement app — waiting for user".</summary>
    public static string Title(SessionView s) =>
        $"Session {s.Id}: {s.Agent} {s.Action} {s.Project} — {Formats.State(s.State)}{(s.Reason is { Length: > 0 } reason ? " (" + reason + ")" : "")}";

    public static IRenderable Details(SessionView s)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                grid.AddRow(Formats.Esc(name), Formats.Esc(value));
            }
        }

        Row("Session", s.Id);
        Row("State", Formats.State(s.State));
        Row("Reason", s.Reason);
        Row("Project", s.Project);
        Row("Agent", s.Engine is { Length: > 0 } engine && engine != s.Agent ? $"{s.Agent} ({engine})" : s.Agent);
        Row("Action", s.Action);
        Row("Model", s.Model);
        Row("Task", s.Task);
        Row("Branch", s.Branch);
        Row("Worktree", s.WorktreePath);
        Row("Base commit", s.BaseCommit);
        var requesterId = s.RequesterId?.ToString(CultureInfo.InvariantCulture);
        Row("Requester", s.RequesterName is { Length: > 0 } name && (requesterId is null || !name.Contains(requesterId, StringComparison.Ordinal)) ? $"{name} ({requesterId})" : s.RequesterName ?? requesterId);
        Row("Chat", s.ChatId is { } chat ? chat.ToString(CultureInfo.InvariantCulture) + (s.TopicId is { } topic and not 0 ? $" (topic {topic})" : "") : null);
        Row("Turns", s.Turns.ToString(CultureInfo.InvariantCulture));
        Row("Tokens", s.InputTokens is null && s.OutputTokens is null ? null : $"{s.InputTokens ?? 0} in, {s.OutputTokens ?? 0} out");
        Row("Created", Formats.When(s.CreatedAt));
        Row("Updated", Formats.When(s.UpdatedAt));
        return grid;
    }

    public static Table Table(IEnumerable<SessionView> sessions)
    {
        var table = new Table().AddColumns("Id", "State", "Project", "Agent", "Action", "Task", "Branch", "Turns", "Updated");
        foreach (var s in sessions)
        {
            table.AddRow(
                Formats.Esc(s.Id), Formats.Esc(Formats.State(s.State)), Formats.Esc(s.Project), Formats.Esc(s.Agent), Formats.Esc(s.Action),
                Formats.Esc(Formats.Excerpt(s.Task, 40)), Formats.Esc(s.Branch), s.Turns.ToString(CultureInfo.InvariantCulture),
                Formats.Esc(Formats.When(s.UpdatedAt ?? s.CreatedAt)));
        }

        return table;
    }

    /// <summary>Everything a delete would remove, with what would be lost called out.</summary>
    public static IRenderable Preview(CleanupPreviewView p, bool deleteBranch)
    {
        var lines = new List<string> { $"[bold]Delete session {Formats.Esc(p.SessionId)}[/] ({Formats.Esc(Formats.State(p.State))}): this removes" };
        if (p.WorktreePath is { Length: > 0 } worktree)
        {
            lines.Add(p.WorktreeExists
                ? $"  • the worktree {Formats.Esc(worktree)}{(p.WorktreeBytes is { } bytes ? " (" + Formats.Bytes(bytes) + ")" : "")}"
                : $"  • the worktree {Formats.Esc(worktree)} (already gone)");
            Files(lines, p.UncommittedFiles, "uncommitted change(s), lost");
            Files(lines, p.UntrackedFiles, "untracked file(s), lost");
        }
        else
        {
            lines.Add("  • no worktree (a read-only session)");
        }

        var artifacts = p.Artifacts ?? [];
        lines.Add(artifacts.Count == 0
            ? "  • no artifacts"
            : $"  • {artifacts.Count} artifact(s): " + Formats.Esc(string.Join(", ", artifacts.Select(a => $"{a.Name} ({Formats.Bytes(a.SizeBytes)})"))));
        if (p.LogExists && p.LogPath is { Length: > 0 } log)
        {
            lines.Add($"  • the log {Formats.Esc(log)}");
        }

        if (p.Branch is { Length: > 0 } branch && p.BranchExists)
        {
            var unmerged = p.UnmergedCommits > 0 ? $", {p.UnmergedCommits} commit(s) not merged" : ", nothing unmerged";
            lines.Add(deleteBranch
                ? $"  • [red]the branch {Formats.Esc(branch)}{Formats.Esc(unmerged)}[/]{(p.BranchHasUnmergedWork ? " [red](that work is lost)[/]" : "")}"
                : $"  Kept: the branch {Formats.Esc(branch)}{Formats.Esc(unmerged)} (--delete-branch deletes it too).");
        }

        lines.Add($"  Kept: the session's record and its {p.CommandRows} command row(s).");
        return new Markup(string.Join('\n', lines) + "\n");
    }

    private static void Files(List<string> lines, IReadOnlyList<string>? files, string what)
    {
        if (files is { Count: > 0 })
        {
            const int Shown = 10;
            var names = string.Join(", ", files.Take(Shown)) + (files.Count > Shown ? $", … ({files.Count - Shown} more)" : "");
            lines.Add($"    [yellow]{files.Count} {what}:[/] {Formats.Esc(names)}");
        }
    }
}
