using System.Globalization;
using System.Text;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Projects;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>How coding sessions look in Telegram: list lines, details, and the session buttons.</summary>
public static class SessionTexts
{
    public const string CallbackPrefix = "cs:";

    /// <summary>"🏃 a1b2c3 · codex implement app · orch/codex/app/a1b2c3 · 5 min".</summary>
    public static string Line(CodingSession s, string projectSlug, DateTimeOffset now) =>
        $"{SessionStates.Emoji(s.State)} {s.Id} · {s.Agent} {s.Action} {projectSlug} · {s.Branch ?? "(checkout)"} · {Age(now - s.CreatedAt)} · {Excerpt(s.Task, 50)}";

    public static string Details(CodingSession s, Project project, SessionFiles files, DateTimeOffset now)
    {
        var text = new StringBuilder()
            .Append(SessionStates.Emoji(s.State)).Append(" Session ").Append(s.Id).Append(": ").Append(s.State.Replace('_', ' '))
            .Append(s.Reason is null ? "" : $" ({s.Reason})").Append('\n')
            .Append("Project: ").Append(project.Slug).Append(" (").Append(project.Path).Append(")\n")
            .Append("Agent: ").Append(s.Agent).Append(" (").Append(s.Engine).Append(s.Model is null ? "" : ", " + s.Model).Append(") · ").Append(s.Action).Append('\n')
            .Append("Task: ").Append(Excerpt(s.Task, 300)).Append('\n')
            .Append("Requested by ").Append(s.RequesterName).Append(", ").Append(Age(now - s.CreatedAt)).Append(" ago\n");
        if (s.Branch is not null)
        {
            text.Append("Branch: ").Append(s.Branch).Append('\n').Append("Worktree: ").Append(s.WorktreePath).Append('\n');
        }
        else
        {
            text.Append("Works read-only in the project's checkout\n");
        }

        text.Append("Turns: ").Append(s.Turns).Append(" · tokens in ").Append(s.InputTokens.ToString(CultureInfo.InvariantCulture))
            .Append(", out ").Append(s.OutputTokens.ToString(CultureInfo.InvariantCulture)).Append('\n');
        var artifacts = files.List();
        text.Append("Artifacts: ").Append(artifacts.Count == 0 ? "none" : string.Join(", ", artifacts.Select(a => a.Name))).Append('\n');
        var log = files.LastLogLines(5);
        if (log.Count > 0)
        {
            text.Append("Log (last lines):\n").AppendJoin('\n', log.Select(l => "  " + Excerpt(l, 200)));
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Stop (while running), Follow up, Diff (worktree sessions), Details.</summary>
    public static InlineKeyboardMarkup Buttons(CodingSession s)
    {
        var row = new List<InlineKeyboardButton>();
        if (s.State is SessionStates.Running or SessionStates.Created)
        {
            row.Add(InlineKeyboardButton.WithCallbackData("⏹ Stop", Data("stop", s.Id)));
        }

        row.Add(InlineKeyboardButton.WithCallbackData("💬 Follow up", Data("fu", s.Id)));
        if (s.UsesWorktree)
        {
            row.Add(InlineKeyboardButton.WithCallbackData("🧩 Diff", Data("diff", s.Id)));
        }

        row.Add(InlineKeyboardButton.WithCallbackData("ℹ️ Details", Data("info", s.Id)));
        return new InlineKeyboardMarkup([row]);
    }

    public static string Data(string verb, string sessionId, string? extra = null) =>
        CallbackPrefix + verb + ":" + sessionId + (extra is null ? "" : ":" + extra);

    public static string Age(TimeSpan age) => age.TotalMinutes < 1 ? "now"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
        : age.TotalDays < 1 ? $"{(int)age.TotalHours} h"
        : $"{(int)age.TotalDays} d";

    public static string Excerpt(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
