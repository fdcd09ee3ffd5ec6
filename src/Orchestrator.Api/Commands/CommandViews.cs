using Orchestrator.Api.Sessions;

namespace Orchestrator.Api.Commands;

/// <summary>The parsed parts of a <c>/send</c> command.</summary>
public sealed record ParsedCommandView(string? Agent, string? Action, string? Project, string? Task, string? Model);

/// <summary>A recorded command (who, when, the text as given, the parsed parts when it was a <c>/send</c>).</summary>
public sealed record CommandView(long Id, string? SessionId, long UserId, string UserName, long ChatId, DateTimeOffset At, string Text, ParsedCommandView? Parsed);

/// <summary>The body of <c>POST /commands</c>: the <c>/send</c> grammar without <c>/send</c>.</summary>
/// <param name="ChatId">Where the session is announced (default: the caller's private chat; another chat: admins only).</param>
public sealed record PostCommandBody(string? Text, long? ChatId);

/// <summary>The answer of <c>POST /commands</c>: the recorded command and the session it started.</summary>
public sealed record CommandPosted(CommandView Command, SessionView Session);
