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

    /// <summary>
    /// The log's last <paramref name="count"/> lines, read from the end of the file: a session's log grows with every
    /// event, while the chat and the API only ever show its tail. At most <see cref="MaxLogTailBytes"/> are read, so a
    /// line that would reach further back than that is left out (with the lines before it).
    /// </summary>
    public IReadOnlyList<string> LastLogLines(int count)
    {
        if (count <= 0 || !File.Exists(LogPath))
        {
            return [];
        }

        using var file = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var tail = ReadTail(file, count);
        var lines = new List<string>();
        using var reader = new StringReader(tail);
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines[Math.Max(0, lines.Count - count)..];
    }

    /// <summary>How much of a session log <see cref="LastLogLines"/> reads at the most, from its end.</summary>
    public const int MaxLogTailBytes = 1024 * 1024;

    /// <summary>
    /// The text from the start of a whole line to the end of <paramref name="file"/> that holds at least
    /// <paramref name="count"/> lines if the file (within <see cref="MaxLogTailBytes"/>) has them: blocks are read
    /// backwards until enough line breaks are seen. The cut is made after a <c>\n</c>, which is never inside a UTF-8
    /// character, so what is decoded is whole characters.
    /// </summary>
    private static string ReadTail(FileStream file, int count)
    {
        const int Block = 16 * 1024;
        var end = file.Length; // once: lines appended meanwhile are not read
        var start = end;
        var floor = Math.Max(0, end - MaxLogTailBytes);
        var buffer = new List<byte[]>();
        var breaks = 0;

        // One break more than lines wanted: the text before the first break read may be only the end of a line.
        while (start > floor && breaks <= count)
        {
            var size = (int)Math.Min(Block, start - floor);
            start -= size;
            var block = new byte[size];
            file.Position = start;
            file.ReadExactly(block);
            breaks += block.AsSpan().Count((byte)'\n');
            buffer.Insert(0, block);
        }

        var bytes = new byte[end - start];
        var offset = 0;
        foreach (var block in buffer)
        {
            block.CopyTo(bytes, offset);
            offset += block.Length;
        }

        var from = 0;
        if (start > 0)
        {
            // Not the start of the file: drop the (possibly partial) line before the first break.
            from = Array.IndexOf(bytes, (byte)'\n') + 1;
            if (from == 0)
            {
                return "";
            }
        }
        else if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            from = Encoding.UTF8.Preamble.Length;
        }

        return Encoding.UTF8.GetString(bytes, from, bytes.Length - from);
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
