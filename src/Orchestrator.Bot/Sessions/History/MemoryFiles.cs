using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Persistence;
using Orchestrator.Bot.Security;

namespace Orchestrator.Bot.Sessions.History;

/// <summary>
/// One Markdown file per session, <c>&lt;DataDirectory&gt;/memory/&lt;agentId&gt;/&lt;sessionId&gt;.md</c>: a header with the
/// agent's settings when the session started, then one line per finished turn. Appends are serialized; what is written
/// passes the <see cref="SecretRedactor"/>.
/// </summary>
public sealed class MemoryFiles(IOptions<StorageOptions> storage, SecretRedactor redactor)
{
    private const int Excerpt = 120;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Root { get; } = Path.Combine(storage.Value.FullDataDirectory, "memory");

    public string PathOf(string agentId, string sessionId) => Path.Combine(Root, SafeName(agentId), SafeName(sessionId) + ".md");

    /// <summary>Writes the header of a new session's file; an existing file is left as it is. True when created.</summary>
    public async Task<bool> CreateAsync(AgentRecord agent, string sessionId, DateTimeOffset startedAt, CancellationToken cancellationToken = default)
    {
        var path = PathOf(agent.Id, sessionId);
        var header = new StringBuilder()
            .Append("# Session ").Append(sessionId).Append('\n')
            .Append('\n')
            .Append("- Agent: ").Append(agent.Emoji).Append(' ').Append(agent.Name).Append(" (").Append(agent.Id).Append(")\n")
            .Append("- Engine: ").Append(agent.Engine).Append('\n')
            .Append("- Model: ").Append(agent.Model ?? "(engine default)").Append('\n')
            .Append("- Folder: ").Append(agent.WorkingDirectory).Append('\n')
            .Append("- Started: ").Append(Stamp(startedAt)).Append('\n')
            .Append("- Persona: ").Append(agent.Persona is null ? "(none)\n" : "\n" + Quote(agent.Persona))
            .Append('\n')
            .Append("## Turns\n")
            .Append('\n')
            .ToString();
        header = redactor.Redact(header);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                await file.WriteAsync(Encoding.UTF8.GetBytes(header), cancellationToken);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Appends the one-line summary of a finished turn.</summary>
    public async Task AppendTurnAsync(string agentId, string sessionId, TurnRecord turn, DateTimeOffset endedAt, CancellationToken cancellationToken = default)
    {
        var line = redactor.Redact(TurnLine(turn, endedAt)) + "\n";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var path = PathOf(agentId, sessionId);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary><c>- 2026-11-22 00:45:10Z · completed · “prompt” → “answer” · tokens 1200 in / 80 out</c>.</summary>
    public static string TurnLine(TurnRecord turn, DateTimeOffset endedAt)
    {
        var line = new StringBuilder("- ").Append(Stamp(endedAt)).Append(" · ").Append(turn.Status)
            .Append(" · “").Append(FirstLine(turn.Prompt)).Append("” → ");
        if (!string.IsNullOrWhiteSpace(turn.FinalText))
        {
            line.Append('“').Append(FirstLine(turn.FinalText)).Append('”');
        }
        else if (!string.IsNullOrWhiteSpace(turn.Error))
        {
            line.Append("error: ").Append(FirstLine(turn.Error));
        }
        else
        {
            line.Append("(no answer)");
        }

        if (turn.InputTokens is not null || turn.OutputTokens is not null)
        {
            line.Append(" · tokens ").Append(Number(turn.InputTokens)).Append(" in / ").Append(Number(turn.OutputTokens)).Append(" out");
        }

        return line.ToString();
    }

    private static string FirstLine(string text)
    {
        var first = text.TrimStart().Split('\n', 2)[0].Trim();
        return first.Length <= Excerpt ? first : first[..(Excerpt - 1)] + "…";
    }

    private static string Quote(string text) =>
        string.Concat(text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => "  > " + l + "\n"));

    private static string Number(long? value) => (value ?? 0).ToString(CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Ids come from engines: keep them to one safe path segment.</summary>
    private static string SafeName(string id)
    {
        var safe = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }
}
