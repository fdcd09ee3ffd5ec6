using System.Globalization;
using Dapper;
using Orchestrator.Core.Persistence;

namespace Orchestrator.Core.CodingSessions;

/// <summary>The <c>coding_sessions</c> and <c>session_commands</c> tables.</summary>
public sealed class CodingSessionStore(IDatabase database)
{
    private const string Columns =
        """
        id AS Id, project_id AS ProjectId, agent AS Agent, engine AS Engine, action AS Action, task AS Task, model AS Model,
        state AS State, branch AS Branch, worktree_path AS WorktreePath, base_commit AS BaseCommit, thread_id AS ThreadId,
        requester_id AS RequesterId, requester_name AS RequesterName, chat_id AS ChatId, topic_id AS TopicId,
        message_id AS MessageId, reason AS Reason, turns AS Turns, input_tokens AS InputTokens, output_tokens AS OutputTokens,
        created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    /// <summary>Inserts the session; false when its id is taken (the caller draws another).</summary>
    public async Task<bool> TryInsertAsync(CodingSession s, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(
            """
            INSERT OR IGNORE INTO coding_sessions (id, project_id, agent, engine, action, task, model, state, branch, worktree_path,
                base_commit, thread_id, requester_id, requester_name, chat_id, topic_id, message_id, reason, turns,
                input_tokens, output_tokens, created_at, updated_at)
            VALUES (@Id, @ProjectId, @Agent, @Engine, @Action, @Task, @Model, @State, @Branch, @WorktreePath,
                @BaseCommit, @ThreadId, @RequesterId, @RequesterName, @ChatId, @TopicId, @MessageId, @Reason, @Turns,
                @InputTokens, @OutputTokens, @CreatedAt, @UpdatedAt)
            """,
            Parameters(s)).ConfigureAwait(false);
        return inserted == 1;
    }

    /// <summary>
    /// Writes the session's mutable fields if it is still in <paramref name="expectedState"/> (two faces acting on
    /// one session at once: the second finds the state moved and is refused). False when it was not.
    /// </summary>
    /// <param name="expectedTurns">When given, the row must also still count this many turns (an older turn's end
    /// must not move a session a newer turn is running in).</param>
    public async Task<bool> UpdateAsync(CodingSession s, string expectedState, CancellationToken cancellationToken = default, int? expectedTurns = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new DynamicParameters(Parameters(s));
        parameters.Add("Expected", expectedState);
        parameters.Add("ExpectedTurns", expectedTurns);
        var updated = await connection.ExecuteAsync(
            """
            UPDATE coding_sessions SET state = @State, branch = @Branch, worktree_path = @WorktreePath, base_commit = @BaseCommit,
                thread_id = @ThreadId, message_id = @MessageId, reason = @Reason, turns = @Turns, input_tokens = @InputTokens,
                output_tokens = @OutputTokens, model = @Model, updated_at = @UpdatedAt
            WHERE id = @Id AND state = @Expected AND (@ExpectedTurns IS NULL OR turns = @ExpectedTurns)
            """,
            parameters).ConfigureAwait(false);
        return updated == 1;
    }

    public async Task<CodingSession?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM coding_sessions WHERE id = @Id", new { Id = id })
            .ConfigureAwait(false);
        return row?.ToSession();
    }

    /// <summary>The session announced by message <paramref name="messageId"/> in the chat (a reply to it is a follow-up).</summary>
    public async Task<CodingSession?> FindByMessageAsync(long chatId, int messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM coding_sessions WHERE chat_id = @ChatId AND message_id = @MessageId LIMIT 1",
            new { ChatId = chatId, MessageId = messageId }).ConfigureAwait(false);
        return row?.ToSession();
    }

    /// <summary>Newest first; <paramref name="all"/> includes archived and deleted sessions.</summary>
    public Task<IReadOnlyList<CodingSession>> ListAsync(string? projectId, bool all, int limit, CancellationToken cancellationToken = default) =>
        ListAsync(projectId, all, limit, null, cancellationToken);

    /// <summary>Sessions newest first; with <paramref name="chatId"/>, only those of that chat.</summary>
    public async Task<IReadOnlyList<CodingSession>> ListAsync(string? projectId, bool all, int limit, long? chatId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT {Columns} FROM coding_sessions
            WHERE (@ProjectId IS NULL OR project_id = @ProjectId) AND (@All = 1 OR state NOT IN ('archived', 'deleted'))
              AND (@ChatId IS NULL OR chat_id = @ChatId)
            ORDER BY created_at DESC, rowid DESC LIMIT @Limit
            """,
            new { ProjectId = projectId, All = all ? 1 : 0, ChatId = chatId, Limit = Math.Clamp(limit, 1, 500) }).ConfigureAwait(false);
        return rows.Select(r => r.ToSession()).ToList();
    }

    public async Task<IReadOnlyList<CodingSession>> ListInStateAsync(string state, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM coding_sessions WHERE state = @State", new { State = state })
            .ConfigureAwait(false);
        return rows.Select(r => r.ToSession()).ToList();
    }

    /// <summary>(active, not deleted) session counts of a project.</summary>
    public async Task<(int Active, int NotDeleted)> CountAsync(string projectId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var counts = await connection.QuerySingleAsync<(long Active, long NotDeleted)>(
            """
            SELECT COALESCE(SUM(CASE WHEN state NOT IN ('archived', 'deleted') THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN state <> 'deleted' THEN 1 ELSE 0 END), 0)
            FROM coding_sessions WHERE project_id = @ProjectId
            """,
            new { ProjectId = projectId }).ConfigureAwait(false);
        return ((int)counts.Active, (int)counts.NotDeleted);
    }

    public async Task RecordCommandAsync(SessionCommandRecord command, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO session_commands (session_id, user_id, user_name, chat_id, at, text, parsed) VALUES (@SessionId, @UserId, @UserName, @ChatId, @At, @Text, @Parsed)",
            new { command.SessionId, command.UserId, command.UserName, command.ChatId, At = command.At.ToString("O"), command.Text, command.Parsed })
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SessionCommandRecord>> CommandsOfAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string? SessionId, long UserId, string UserName, long ChatId, string At, string Text, string? Parsed)>(
            "SELECT session_id, user_id, user_name, chat_id, at, text, parsed FROM session_commands WHERE session_id = @Id ORDER BY id",
            new { Id = sessionId }).ConfigureAwait(false);
        return rows.Select(r => new SessionCommandRecord(r.SessionId, r.UserId, r.UserName, r.ChatId,
            DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture), r.Text, r.Parsed)).ToList();
    }

    /// <summary>
    /// Recorded commands, newest first: of one session, or all; with <paramref name="visibleTo"/>, only those that user
    /// gave, gave in their private chat, or that belong to a session they requested or that runs in their private chat.
    /// </summary>
    public async Task<IReadOnlyList<StoredSessionCommand>> ListCommandsAsync(string? sessionId, long? visibleTo, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long Id, string? SessionId, long UserId, string UserName, long ChatId, string At, string Text, string? Parsed)>(
            """
            SELECT c.id, c.session_id, c.user_id, c.user_name, c.chat_id, c.at, c.text, c.parsed
            FROM session_commands c LEFT JOIN coding_sessions s ON s.id = c.session_id
            WHERE (@SessionId IS NULL OR c.session_id = @SessionId)
              AND (@User IS NULL OR c.user_id = @User OR c.chat_id = @User OR s.requester_id = @User OR s.chat_id = @User)
            ORDER BY c.id DESC LIMIT @Limit
            """,
            new { SessionId = sessionId, User = visibleTo, Limit = Math.Clamp(limit, 1, 500) }).ConfigureAwait(false);
        return rows.Select(r => new StoredSessionCommand(r.Id, new SessionCommandRecord(r.SessionId, r.UserId, r.UserName, r.ChatId,
            DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture), r.Text, r.Parsed))).ToList();
    }

    /// <summary>How many rows a deletion would remove or keep (for the cleanup preview).</summary>
    public async Task<int> CommandCountAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (int)await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM session_commands WHERE session_id = @Id", new { Id = sessionId })
            .ConfigureAwait(false);
    }

    private static object Parameters(CodingSession s) => new
    {
        s.Id, s.ProjectId, s.Agent, s.Engine, s.Action, s.Task, s.Model, s.State, s.Branch, s.WorktreePath, s.BaseCommit,
        s.ThreadId, s.RequesterId, s.RequesterName, s.ChatId, s.TopicId, s.MessageId, s.Reason, s.Turns, s.InputTokens,
        s.OutputTokens, CreatedAt = s.CreatedAt.ToString("O"), UpdatedAt = s.UpdatedAt.ToString("O"),
    };

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string Agent { get; set; } = "";
        public string Engine { get; set; } = "";
        public string Action { get; set; } = "";
        public string Task { get; set; } = "";
        public string? Model { get; set; }
        public string State { get; set; } = "";
        public string? Branch { get; set; }
        public string? WorktreePath { get; set; }
        public string? BaseCommit { get; set; }
        public string? ThreadId { get; set; }
        public long RequesterId { get; set; }
        public string RequesterName { get; set; } = "";
        public long ChatId { get; set; }
        public long TopicId { get; set; }
        public long? MessageId { get; set; }
        public string? Reason { get; set; }
        public long Turns { get; set; }
        public long InputTokens { get; set; }
        public long OutputTokens { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";

        public CodingSession ToSession() => new()
        {
            Id = Id, ProjectId = ProjectId, Agent = Agent, Engine = Engine, Action = Action, Task = Task, Model = Model,
            State = State, Branch = Branch, WorktreePath = WorktreePath, BaseCommit = BaseCommit, ThreadId = ThreadId,
            RequesterId = RequesterId, RequesterName = RequesterName, ChatId = ChatId, TopicId = TopicId,
            MessageId = MessageId is { } m ? (int)m : null, Reason = Reason, Turns = (int)Turns, InputTokens = InputTokens,
            OutputTokens = OutputTokens, CreatedAt = DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture),
            UpdatedAt = DateTimeOffset.Parse(UpdatedAt, CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>A command given about a session: who, when, the text as typed, the parsed parts (JSON).</summary>
public sealed record SessionCommandRecord(string? SessionId, long UserId, string UserName, long ChatId, DateTimeOffset At, string Text, string? Parsed);

/// <summary>A recorded command with its row id.</summary>
public sealed record StoredSessionCommand(long Id, SessionCommandRecord Command);
