using System.Text.Json.Nodes;
using Orchestrator.Agents.Claude;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>A recorded Claude Code session (Claude/Transcripts/*.jsonl: <c>{t, dir, msg}</c> per line, from the real CLI).</summary>
internal sealed class Transcript
{
    private Transcript(IReadOnlyList<(string Direction, string Line)> entries)
    {
        Entries = entries;
    }

    /// <summary>Each entry's direction (<c>s-&gt;c</c> = CLI output) and message as one JSON line.</summary>
    public IReadOnlyList<(string Direction, string Line)> Entries { get; }

    public static Transcript Load(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "Orchestrator.Agents.Tests", "Claude", "Transcripts", name);
            if (File.Exists(path))
            {
                var entries = File.ReadAllLines(path)
                    .Where(l => l.Length > 0)
                    .Select(l => JsonNode.Parse(l)!)
                    .Select(n => ((string?)n["dir"] ?? "", n["msg"] is JsonObject msg ? msg.ToJsonString() : ""))
                    .ToList();
                return new Transcript(entries);
            }
        }

        throw new FileNotFoundException($"Transcript {name} not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The parsed CLI output messages of entries [from, to].</summary>
    public IReadOnlyList<ClaudeOutputMessage> Output(int from, int to) =>
    [
        .. Entries.Skip(from).Take(to - from + 1).Where(e => e.Direction == "s->c").Select(e => Parse(e.Line)),
    ];

    public static ClaudeOutputMessage Parse(string line) =>
        ClaudeMessageParser.TryParse(line, out var message, out var error) ? message! : throw new InvalidOperationException(error);

    /// <summary>Feeds entries [from, to] through a translator and returns the events.</summary>
    public (List<AgentEvent> Events, ClaudeEventTranslator Translator) Translate(int from, int to, params string[] deniedToolUses)
    {
        var events = new List<AgentEvent>();
        var translator = new ClaudeEventTranslator("/srv/demo/cws", events.Add);
        foreach (var denied in deniedToolUses)
        {
            translator.MarkDenied(denied);
        }

        foreach (var message in Output(from, to))
        {
            translator.OnMessage(message);
        }

        return (events, translator);
    }
}
