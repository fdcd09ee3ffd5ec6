namespace Orchestrator.Agents.Codex.Protocol;

// Client → server request params and their results (codex app-server 0.169.0, camelCase on the wire).

public sealed record ClientInfo(string Name, string? Title, string Version);

public sealed record InitializeParams(ClientInfo ClientInfo);

public sealed record InitializeResponse(string? UserAgent, string? CodexHome, string? PlatformFamily, string? PlatformOs);

/// <summary><c>thread/start</c>. <paramref name="Sandbox"/> is kebab-case (<c>workspace-write</c>).</summary>
public sealed record ThreadStartParams(
    string? Model = null,
    string? Cwd = null,
    string? ApprovalPolicy = null,
    string? Sandbox = null,
    string? DeveloperInstructions = null);

/// <summary><c>thread/resume</c>.</summary>
public sealed record ThreadResumeParams(
    string ThreadId,
    string? Model = null,
    string? Cwd = null,
    string? ApprovalPolicy = null,
    string? Sandbox = null,
    bool? ExcludeTurns = null);

/// <summary>The result of <c>thread/start</c> and <c>thread/resume</c>.</summary>
public sealed record ThreadResponse(CodexThread Thread, string? Model);

public sealed record CodexThread(string Id, string? Cwd, string? Name = null);

/// <summary><c>thread/name/set</c>.</summary>
public sealed record ThreadSetNameParams(string ThreadId, string Name);

/// <summary><c>thread/archive</c>, <c>thread/delete</c>: just the thread.</summary>
public sealed record ThreadIdParams(string ThreadId);

/// <summary><c>thread/list</c>: one page; <paramref name="Archived"/> true lists only archived threads.</summary>
public sealed record ThreadListParams(bool? Archived = null, string? Cursor = null, int? Limit = null);

/// <summary>The result of <c>thread/list</c>; <paramref name="NextCursor"/> is null on the last page.</summary>
public sealed record ThreadListResponse(IReadOnlyList<CodexThread> Data, string? NextCursor);

/// <summary>A user input item: <c>{type:"text",text}</c>, <c>{type:"localImage",path}</c> or <c>{type:"image",url}</c>.</summary>
public sealed record CodexUserInput(string Type, string? Text = null, string? Path = null, string? Url = null);

public sealed record TurnStartParams(string ThreadId, IReadOnlyList<CodexUserInput> Input);

public sealed record TurnStartResponse(CodexTurnInfo Turn);

public sealed record TurnSteerParams(string ThreadId, IReadOnlyList<CodexUserInput> Input, string ExpectedTurnId);

public sealed record TurnSteerResponse(string? TurnId);

public sealed record TurnInterruptParams(string ThreadId, string TurnId);

public sealed record EmptyResponse;

/// <summary>The answer to an approval request: <c>accept</c>, <c>acceptForSession</c>, <c>decline</c>, <c>cancel</c>.</summary>
public sealed record ApprovalResponse(string Decision);

/// <summary><c>model/list</c>: one page of the models Codex offers (<paramref name="Cursor"/> from the previous page).</summary>
public sealed record ModelListParams(string? Cursor = null, bool? IncludeHidden = null, int? Limit = null);

/// <summary>The result of <c>model/list</c>; <paramref name="NextCursor"/> is null on the last page.</summary>
public sealed record ModelListResponse(IReadOnlyList<CodexModel> Data, string? NextCursor);

/// <summary>One model of <c>model/list</c> (the fields the bot uses).</summary>
public sealed record CodexModel(string Id, string Model, string? DisplayName, string? Description, bool Hidden, bool IsDefault);
