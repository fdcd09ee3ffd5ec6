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
/// <c>/sessions [PROJECT] [--all]</c>: this chat's coding sessions, newest first (active ones unless --all); an admin of
/// the bot's <c>--all</c> lists every chat's.
/// </summary>
public sealed class CodingSessionsCommand(AccessPolicy access, CodingSessionService sessions, ProjectStore projects, TimeProvider time)
    : ControlPlaneCommand(access)
{
    public const int Shown = 20;

    public override string Name => "sessions";

    public override string Description => "List coding sessions: /sessions [PROJECT] [--all]";

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var words = context.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var all = words.Contains("--all");
        var project = words.FirstOrDefault(w => w != "--all");
        var everyChat = all && actor.SeesAllChats;
        var list = await sessions.ListAsync(project, all, Shown, everyChat ? null : context.Message.Chat.Id, cancellationToken);
        var where = everyChat ? " in any chat" : " in this chat";
        if (list.Count == 0)
        {
            await context.ReplyAsync(
                (all ? "No coding sessions" : "No active coding sessions") + (project is null ? "" : $" of {project}") + where +
                ". Start one with /implement PROJECT TASK or /send (/help).", cancellationToken);
            return;
        }

        var slugs = (await projects.ListAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Slug);
        var now = time.GetUtcNow();
        var text = new StringBuilder((all ? "Coding sessions" : "Active coding sessions") + where + ", newest first:\n");
        foreach (var s in list)
        {
            text.Append(SessionTexts.Line(s, slugs.GetValueOrDefault(s.ProjectId, "?"), now));
            if (everyChat && s.ChatId != context.Message.Chat.Id)
            {
                text.Append(" · chat ").Append(s.ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        text.Append("Details: /session ID");
        await context.ReplyAsync(text.ToString(), cancellationToken);
    }
}

/// <summary><c>/session ID</c>: state, project, branch, worktree, tokens, artifacts and the last log lines, with the session buttons.</summary>
public sealed class CodingSessionCommand(AccessPolicy access, CodingSessionService sessions, TimeProvider time) : ControlPlaneCommand(access)
{
    public override string Name => "session";

    public override string Description => "Show a coding session: /session ID";

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var (id, _) = SplitId(context.Arguments, "/session ID (see /sessions)");
        var session = await sessions.GetAsync(id, actor, cancellationToken);
        var project = await sessions.ProjectOfAsync(session, cancellationToken);
        var files = await sessions.FilesAsync(session, cancellationToken);
        await context.ReplyAsync(
            OutgoingContent.FromPlainText(SessionTexts.Details(session, project, files, time.GetUtcNow()), SessionTexts.Buttons(session)), cancellationToken);
    }
}

/// <summary><c>/artifacts ID</c>: the session's files, with a button to send each.</summary>
public sealed class ArtifactsCommand(AccessPolicy access, CodingSessionService sessions) : ControlPlaneCommand(access)
{
    public override string Name => "artifacts";

    public override string Description => "List a session's artifacts (diffs, plan, transcript): /artifacts ID";

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var (id, _) = SplitId(context.Arguments, "/artifacts ID");
        var session = await sessions.GetAsync(id, actor, cancellationToken);
        var artifacts = (await sessions.FilesAsync(session, cancellationToken)).List();
        if (artifacts.Count == 0)
        {
            await context.ReplyAsync($"Session {session.Id} has no artifacts yet.", cancellationToken);
            return;
        }

        var text = $"Artifacts of session {session.Id}:\n" + string.Join('\n', artifacts.Select(a => $"• {a.Name} ({DiskUsage.Format(a.SizeBytes)})"));
        var buttons = artifacts.Take(20).Select(a => new[] { InlineKeyboardButton.WithCallbackData("📎 " + a.Name, SessionTexts.Data("art", session.Id, a.Name)) });
        await context.ReplyAsync(OutgoingContent.FromPlainText(text, new InlineKeyboardMarkup(buttons)), cancellationToken);
    }
}
