using System.Globalization;
using System.Text;
using System.Text.Json;
using Orchestrator.Core.Events;

namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// A session's artifacts (<c>turn-N.diff</c>, <c>plan.md</c>, <c>transcript.jsonl</c>) and its log, under the project's
/// <c>.orchestrator/</c>. Files are written whole (artifacts) or appended line by line (the log); names are fixed, never
/// taken from user input.
/// </summary>
public sealed class SessionFiles(string projectPath, string sessionId)
{
    public const string PlanName = "plan.md";
    public const string TranscriptName = "transcript.jsonl";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public string ArtifactsFolder { get; } = SessionPaths.Artifacts(projectPath, sessionId);

    public string LogPath { get; } = SessionPaths.Log(projectPath, sessionId);

    public static string DiffName(int turn) => $"turn-{turn.ToString(CultureInfo.InvariantCulture)}.diff";

    public async Task<SessionArtifact> WriteAsync(string name, string content, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(ArtifactsFolder);
        var path = Path.Combine(ArtifactsFolder, name);
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return new SessionArtifact(name, path, new FileInfo(path).Length);
    }

    /// <summary>The transcript: the session's events, oldest first, one JSON object a line.</summary>
    public Task<SessionArtifact> WriteTranscriptAsync(IEnumerable<ControlEvent> events, CancellationToken cancellationToken = default)
    {
        var builder = new StringBuilder();
        foreach (var e in events.OrderBy(e => e.Id))
        {
            builder.Append(JsonSerializer.Serialize(new { e.Id, At = e.At.ToString("O"), e.Kind, e.Summary, e.Actor, e.Data }, Json)).Append('\n');
        }

        return WriteAsync(TranscriptName, builder.ToString(), cancellationToken);
    }

    public IReadOnlyList<SessionArtifact> List()
    {
        if (!Directory.Exists(ArtifactsFolder))
        {
            return [];
        }

        return new DirectoryInfo(ArtifactsFolder).EnumerateFiles()
            .Where(f => (f.Attributes & FileAttributes.ReparsePoint) == 0)
            .OrderBy(f => f.CreationTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new SessionArtifact(f.Name, f.FullName, f.Length)).ToList();
    }

    /// <summary>The artifact called <paramref name="name"/>, if it is one of this session's files (no paths accepted).</summary>
    public SessionArtifact? Find(string name) =>
        List().FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    public async Task AppendLogAsync(DateTimeOffset at, string line, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        await File.AppendAllTextAsync(LogPath, $"{at:O} {line.ReplaceLineEndings(" ")}\n", cancellationToken).ConfigureAwait(false);
    }

    public IReadOnlyList<string> LastLogLines(int count)
    {
        if (!File.Exists(LogPath))
        {
            return [];
        }

        var lines = File.ReadAllLines(LogPath);
        return lines[Math.Max(0, lines.Length - count)..];
    }

    /// <summary>Deletes the artifacts folder and the log.</summary>
    public void Delete()
    {
        if (Directory.Exists(ArtifactsFolder))
        {
            Directory.Delete(ArtifactsFolder, recursive: true);
        }

        if (File.Exists(LogPath))
        {
            File.Delete(LogPath);
        }
    }
}
