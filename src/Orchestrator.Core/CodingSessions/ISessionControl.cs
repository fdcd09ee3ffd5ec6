using Orchestrator.Core.Conversations;

namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// The coding-session changes for faces other than Telegram (the HTTP API, the CLI, the web dashboard). The host
/// implements it over the code path the Telegram commands take (<c>/send</c>, <c>/followup</c>, <c>/stop</c>,
/// <c>/resume</c>, <c>/archive</c>, <c>/delete</c>): the same engine and named-agent resolution, the same announcement
/// with buttons in the chat (after a <c>[Web] …</c>/<c>[CLI] …</c> echo of the command), the same audit log entries.
/// A session the caller may not see is answered as unknown (<see cref="SessionVisibility"/>).
/// </summary>
public interface ISessionControl
{
    /// <summary>
    /// Starts a session as <c>/send</c> would, announced in <paramref name="chatId"/> (default: the caller's private chat;
    /// another chat only for admins). <paramref name="commandText"/> is the command as the caller gave it (echoed and recorded).
    /// </summary>
    Task<OperationResult<CodingSession>> StartAsync(Caller caller, SendCommand command, string commandText, long? chatId, CancellationToken cancellationToken = default);

    Task<OperationResult<CodingSession>> FollowUpAsync(Caller caller, string sessionId, string text, CancellationToken cancellationToken = default);

    Task<OperationResult<CodingSession>> StopAsync(Caller caller, string sessionId, CancellationToken cancellationToken = default);

    Task<OperationResult<CodingSession>> ResumeAsync(Caller caller, string sessionId, string? text, CancellationToken cancellationToken = default);

    Task<OperationResult<CodingSession>> ArchiveAsync(Caller caller, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The cleanup preview of <c>/delete</c> (nothing changes).</summary>
    Task<OperationResult<DeletePreview>> PreviewDeleteAsync(Caller caller, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes what <paramref name="confirmed"/> listed (the core re-checks the state and the worktree).</summary>
    Task<OperationResult<CodingSession>> DeleteAsync(Caller caller, DeletePreview confirmed, bool deleteBranch, CancellationToken cancellationToken = default);
}
