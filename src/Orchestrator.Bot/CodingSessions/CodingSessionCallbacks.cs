using Orchestrator.Bot.Access;
using Orchestrator.Bot.Telegram;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// The session buttons (Stop, Follow up, Diff, Details), the artifact buttons of <c>/artifacts</c> and the
/// Confirm/Cancel of <c>/delete</c>. Acting buttons are for the session's requester or an admin (the core refuses others).
/// </summary>
public sealed class CodingSessionCallbacks(
    AccessPolicy access,
    CodingSessionService sessions,
    PendingDeletes pending,
    ITelegramOutbox outbox,
    TimeProvider time) : ICallbackHandler
{
    public async Task<bool> TryHandleAsync(CallbackQuery callback, CancellationToken cancellationToken)
    {
        if (callback.Data is not { } data || !data.StartsWith(SessionTexts.CallbackPrefix, StringComparison.Ordinal) || callback.Message is not { } message)
        {
            return false;
        }

        var parts = data[SessionTexts.CallbackPrefix.Length..].Split(':', 3);
        if (parts.Length < 2)
        {
            return false;
        }

        var (verb, id, extra) = (parts[0], parts[1], parts.Length > 2 ? parts[2] : null);
        var actor = ControlPlaneCommand.ActorOf(access, callback.From, access.RoleOf(callback.From.Id, message.Chat.Id), message.Chat.Id);
        var target = ChatTargets.ReplyTargetOf(message);
        try
        {
            switch (verb)
            {
                case "stop":
                    await sessions.StopAsync(id, actor, cancellationToken);
                    await outbox.AnswerCallbackAsync(callback.Id, "Stopping…", cancellationToken: cancellationToken);
                    return true;
                case "fu":
                    await outbox.AnswerCallbackAsync(callback.Id, $"Reply to the session's message, or send /followup {id} TEXT.", showAlert: true, cancellationToken);
                    return true;
                case "info":
                    var session = await sessions.GetAsync(id, actor, cancellationToken);
                    var details = SessionTexts.Details(session, await sessions.ProjectOfAsync(session, cancellationToken),
                        await sessions.FilesAsync(session, cancellationToken), time.GetUtcNow());
                    await outbox.AnswerCallbackAsync(callback.Id, cancellationToken: cancellationToken);
                    await outbox.SendAsync(target, OutgoingContent.FromPlainText(details, SessionTexts.Buttons(session)), message.Id, cancellationToken);
                    return true;
                case "diff":
                    return await SendArtifactAsync(callback, target, id, null, actor, cancellationToken);
                case "art":
                    return await SendArtifactAsync(callback, target, id, extra, actor, cancellationToken);
                case "del":
                    return await ConfirmDeleteAsync(callback, target, id, extra == "branch", actor, cancellationToken);
                case "nodel":
                    pending.Cancel(id);
                    await outbox.AnswerCallbackAsync(callback.Id, "Cancelled: nothing was deleted.", cancellationToken: cancellationToken);
                    return true;
                default:
                    return false;
            }
        }
        catch (RefusedException refused)
        {
            await outbox.AnswerCallbackAsync(callback.Id, Shorten(refused.Message), showAlert: true, cancellationToken);
            return true;
        }
    }

    private async Task<bool> ConfirmDeleteAsync(CallbackQuery callback, ChatTarget target, string id, bool deleteBranch, Actor actor, CancellationToken cancellationToken)
    {
        if (pending.Take(id) is not { } entry)
        {
            return false; // stale: "This button is no longer active."
        }

        if (!actor.MayControl(entry.Preview.Session.RequesterId))
        {
            pending.Put(entry.Preview, entry.DeleteBranch); // still waiting for the right person
            throw new RefusedException($"Only {entry.Preview.Session.RequesterName}, who started session {id}, or an admin of the bot can delete it.");
        }

        // The branch goes only if /delete asked for it and the pressed button said so.
        var removeBranch = deleteBranch && entry.DeleteBranch;
        await outbox.AnswerCallbackAsync(callback.Id, "Deleting…", cancellationToken: cancellationToken);
        try
        {
            var deleted = await sessions.DeleteAsync(entry.Preview, removeBranch, actor, cancellationToken);
            var branch = entry.Preview.Git is { BranchExists: true } git ? (removeBranch ? $"; branch {git.Branch} deleted" : $"; branch {git.Branch} kept") : "";
            await outbox.SendAsync(target, OutgoingContent.FromPlainText($"🗑 Session {deleted.Id} deleted{branch}."), callback.Message!.Id, cancellationToken);
        }
        catch (Orchestrator.Core.Git.WorktreeChangedException changed)
        {
            await outbox.SendAsync(target, OutgoingContent.FromPlainText($"⛔ Nothing was deleted: {changed.Message} Send /delete {id} again to see the new preview."), callback.Message!.Id, cancellationToken);
        }
        catch (Orchestrator.Core.Git.GitException failed)
        {
            await outbox.SendAsync(target, OutgoingContent.FromPlainText($"❌ Deleting session {id} failed: {failed.Message}"), callback.Message!.Id, cancellationToken);
        }

        return true;
    }

    /// <summary>Sends the named artifact, or (Diff button) the newest turn diff.</summary>
    private async Task<bool> SendArtifactAsync(CallbackQuery callback, ChatTarget target, string id, string? name, Actor actor, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(id, actor, cancellationToken);
        var files = await sessions.FilesAsync(session, cancellationToken);
        var artifact = name is not null
            ? files.Find(name)
            : files.List().Where(a => a.Name.StartsWith("turn-", StringComparison.Ordinal)).OrderByDescending(a => TurnOf(a.Name)).FirstOrDefault();
        if (artifact is null)
        {
            await outbox.AnswerCallbackAsync(callback.Id, name is null ? $"Session {id} has no diff yet." : $"{name} is gone.", showAlert: true, cancellationToken);
            return true;
        }

        await outbox.AnswerCallbackAsync(callback.Id, cancellationToken: cancellationToken);
        if (artifact.SizeBytes > TelegramSessionNotifier.MaxDocumentBytes)
        {
            await outbox.SendAsync(target, OutgoingContent.FromPlainText($"{artifact.Name} is too large to send; it is at {artifact.Path}."), callback.Message!.Id, cancellationToken);
            return true;
        }

        var bytes = await File.ReadAllBytesAsync(artifact.Path, cancellationToken);
        await outbox.SendDocumentAsync(target, new OutgoingDocument(artifact.Name, bytes, $"Session {id}: {artifact.Name}"), callback.Message!.Id, cancellationToken);
        return true;
    }

    private static int TurnOf(string name) =>
        int.TryParse(name.AsSpan(5, Math.Max(0, name.Length - 10)), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static string Shorten(string text) => text.Length <= 190 ? text : text[..189] + "…";
}
