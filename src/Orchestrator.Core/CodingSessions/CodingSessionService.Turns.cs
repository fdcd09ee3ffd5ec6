using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Orchestrator.Core.Events;
using Orchestrator.Core.Git;
using Orchestrator.Core.Projects;

namespace Orchestrator.Core.CodingSessions;

public sealed partial class CodingSessionService
{
    /// <summary>Creates the worktree (or re-attaches the existing branch on resume) and stores where it is.</summary>
    private async Task<CodingSession> AttachWorktreeAsync(CodingSession session, Project project, CancellationToken cancellationToken)
    {
        var spec = new WorktreeSpec(
            project.Path,
            session.WorktreePath ?? SessionPaths.Worktree(project.Path, session.Id),
            session.Branch ?? SessionPaths.Branch(session.Agent, project.Slug, session.Id),
            session.BaseCommit ?? project.DefaultBranch);
        var worktree = await git.CreateAsync(spec, cancellationToken).ConfigureAwait(false);
        var updated = session with
        {
            WorktreePath = worktree.Path, Branch = worktree.Branch, BaseCommit = session.BaseCommit ?? worktree.BaseCommit,
            UpdatedAt = time.GetUtcNow(),
        };
        if (!await store.UpdateAsync(updated, session.State, cancellationToken).ConfigureAwait(false))
        {
            throw new Operations.RefusedException($"Session {session.Id} changed meanwhile; try again.");
        }

        await AppendAsync(updated, EventKinds.WorktreeCreated,
            $"worktree {(worktree.Reused ? "re-attached" : "created")}: {worktree.Path} on {worktree.Branch} from {worktree.BaseCommit[..Math.Min(12, worktree.BaseCommit.Length)]}",
            null, cancellationToken, JsonSerializer.Serialize(new { path = worktree.Path, branch = worktree.Branch, baseCommit = worktree.BaseCommit, reused = worktree.Reused }))
            .ConfigureAwait(false);
        return updated;
    }

    /// <summary>Moves the session to running and starts a turn; its end is handled in the background.</summary>
    private async Task<CodingSession> RunTurnAsync(CodingSession session, Project project, string prompt, string? actor, CancellationToken cancellationToken)
    {
        // The turn number moves with the state, so the end of an older turn (e.g. of a process that died) is never
        // taken for this one's.
        var number = session.Turns + 1;
        session = await MoveAsync(session, SessionStates.Running, null, actor, cancellationToken, s => s with { Turns = number }).ConfigureAwait(false);
        var folder = session.UsesWorktree ? session.WorktreePath! : project.Path;
        SessionTurn turn;
        string? turnBase = null;
        try
        {
            turnBase = await SnapshotAsync(session).ConfigureAwait(false);
            turn = await runner.StartTurnAsync(new SessionTurnRequest(session, prompt, folder, ReadOnly: !session.UsesWorktree, ThreadName(session, project)), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The turn of session {SessionId} could not start", session.Id);
            return await MoveAsync(session, SessionStates.Failed, "the agent could not start: " + ex.Message, actor, cancellationToken).ConfigureAwait(false);
        }

        var started = session with { ThreadId = turn.ThreadId, UpdatedAt = time.GetUtcNow() };
        if (await store.UpdateAsync(started, SessionStates.Running, cancellationToken).ConfigureAwait(false))
        {
            session = started;
        }

        await AppendAsync(session, EventKinds.TurnStarted, $"turn {number} started: {Excerpt(prompt, 200)}", actor, cancellationToken,
            JsonSerializer.Serialize(new { turn = number, thread = turn.ThreadId })).ConfigureAwait(false);
        var ending = Task.Run(() => FinishTurnAsync(session.Id, number, prompt, turnBase, turn.Completion), CancellationToken.None);
        _turns[session.Id] = ending;
        _ = ending.ContinueWith(_ => _turns.TryRemove(new KeyValuePair<string, Task>(session.Id, ending)), TaskScheduler.Default);
        return session;
    }

    /// <summary>
    /// At a turn's end: commit the worktree (<see cref="SessionsOptions.CommitEachTurn"/>), save and announce the diff and
    /// the plan, rewrite the transcript, and move the session to waiting_for_user, stopped or failed.
    /// </summary>
    private async Task FinishTurnAsync(string id, int number, string prompt, string? turnBase, Task<SessionTurnResult> completion)
    {
        var result = await completion.ConfigureAwait(false);
        var gate = Gate(id);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var session = await store.GetAsync(id).ConfigureAwait(false);
            if (session is null || session.State != SessionStates.Running || session.Turns != number)
            {
                return; // moved meanwhile (stopped without a turn, recovered), or a later turn runs now
            }

            var project = await ProjectOfAsync(session).ConfigureAwait(false);
            var files = new SessionFiles(project.Path, id);
            if (session.UsesWorktree && session.WorktreePath is { } worktree && session.BaseCommit is { } baseCommit)
            {
                await SaveDiffAsync(session, files, worktree, turnBase ?? baseCommit, number, prompt, result).ConfigureAwait(false);
            }

            if (session.Action == SessionActions.Plan && result.FinalText.Trim().Length > 0)
            {
                await SaveArtifactAsync(session, files, SessionFiles.PlanName, result.FinalText, $"📝 Plan of session {id}").ConfigureAwait(false);
            }

            var ended = session with
            {
                InputTokens = session.InputTokens + result.InputTokens, OutputTokens = session.OutputTokens + result.OutputTokens,
            };
            await AppendAsync(ended, EventKinds.TurnEnded, $"turn {number} ended {result.Outcome.ToString().ToLowerInvariant()}" + (result.Error is null ? "" : $": {result.Error}"),
                null, CancellationToken.None, JsonSerializer.Serialize(new { turn = number, outcome = result.Outcome.ToString(), result.InputTokens, result.OutputTokens }))
                .ConfigureAwait(false);
            // Written before the state change, so whoever sees the session settle finds the transcript up to date.
            var transcript = await events.ListAsync(new EventQuery(SessionId: id, Limit: 1000)).ConfigureAwait(false);
            await files.WriteTranscriptAsync(transcript).ConfigureAwait(false);
            var (state, reason) = result.Outcome switch
            {
                SessionTurnOutcome.Completed => (SessionStates.WaitingForUser, (string?)null),
                SessionTurnOutcome.Stopped => (SessionStates.Stopped, result.Error ?? "stopped"),
                _ => (SessionStates.Failed, result.Error ?? "the turn failed"),
            };
            ended = await MoveAsync(ended, state, reason, null, CancellationToken.None, s => s with
            {
                InputTokens = ended.InputTokens, OutputTokens = ended.OutputTokens,
            }).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The end of turn {Turn} of session {SessionId} could not be processed", number, id);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Commits the turn's work and saves the turn's own diff: the worktree now against <paramref name="turnBase"/>, its
    /// snapshot at the turn's start. Git sees every edit (shell commands produce no file-change items); the engine's own
    /// diff (Codex <c>turn/diff/updated</c>) is used when it covers every file git found, else git's.
    /// </summary>
    private async Task SaveDiffAsync(CodingSession session, SessionFiles files, string worktree, string turnBase, int number, string prompt, SessionTurnResult result)
    {
        if (options.Value.CommitEachTurn)
        {
            var firstLine = prompt.ReplaceLineEndings("\n").Split('\n', 2)[0].Trim();
            var message = $"{Excerpt(firstLine.Length == 0 ? session.Task : firstLine, 72)}\n\nOrchestrator session {session.Id}, turn {number}.";
            var commit = await git.CommitAllAsync(worktree, message).ConfigureAwait(false);
            if (commit is not null)
            {
                logger.LogInformation("Session {SessionId} turn {Turn}: committed {Commit}", session.Id, number, commit);
            }
        }

        var diff = await git.DiffAsync(worktree, turnBase).ConfigureAwait(false);
        if (diff.Files.Count == 0)
        {
            return; // nothing changed in this turn: no diff to show
        }

        var patch = TurnDiffs.Covers(result.EngineDiff, diff.Files) ? result.EngineDiff! : diff.Patch;
        var stat = string.Create(CultureInfo.InvariantCulture,
            $"{diff.Files.Count} file{(diff.Files.Count == 1 ? "" : "s")} changed, +{diff.Added} −{diff.Removed}");
        await SaveArtifactAsync(session, files, SessionFiles.DiffName(number), patch, $"🧩 Session {session.Id}, turn {number}: {stat}").ConfigureAwait(false);
    }

    /// <summary>The worktree at a turn's start (a git tree), for that turn's own diff; null without a worktree or when git fails (then the diff is against the base).</summary>
    private async Task<string?> SnapshotAsync(CodingSession session)
    {
        if (!session.UsesWorktree || session.WorktreePath is not { } worktree)
        {
            return null;
        }

        try
        {
            return await git.SnapshotAsync(worktree).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GitException or IOException)
        {
            logger.LogWarning("Session {SessionId}: no snapshot at the turn's start ({Error}); its diff will be against the base", session.Id, ex.Message);
            return null;
        }
    }

    /// <summary>"a1b2c3 implement my-app: add a --verbose flag": what the engine's thread list shows for the session.</summary>
    internal static string ThreadName(CodingSession session, Project project) =>
        Excerpt($"{session.Id} {session.Action} {project.Slug}: {session.Task}", 100);

    private async Task SaveArtifactAsync(CodingSession session, SessionFiles files, string name, string content, string caption)
    {
        var artifact = await files.WriteAsync(name, content).ConfigureAwait(false);
        await AppendAsync(session, EventKinds.ArtifactCreated, $"artifact {name} ({artifact.SizeBytes} bytes): {caption}", null, CancellationToken.None,
            JsonSerializer.Serialize(new { name, path = artifact.Path, size = artifact.SizeBytes })).ConfigureAwait(false);
        try
        {
            await notifier.ArtifactCreatedAsync(session, artifact, caption).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Artifact {Name} of session {SessionId} could not be announced", name, session.Id);
        }
    }
}
