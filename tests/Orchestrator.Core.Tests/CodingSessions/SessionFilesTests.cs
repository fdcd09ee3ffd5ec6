using System.Text;
using Orchestrator.Core.CodingSessions;

namespace Orchestrator.Core.Tests.CodingSessions;

/// <summary>The session log's tail (shown by /session and GET /sessions/{id}/log-tail) is read from the end of the file.</summary>
public sealed class SessionFilesTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("orch-session-files-").FullName;
    private readonly SessionFiles _files;

    public SessionFilesTests() => _files = new SessionFiles(_project, "k3x9q2");

    public void Dispose() => Directory.Delete(_project, recursive: true);

    [Fact]
    public async Task The_last_lines_of_a_log_four_times_the_bound_are_its_last_lines_and_reading_them_costs_a_small_part_of_the_log()
    {
        // Lines of different lengths, with characters of 2 and 4 bytes in UTF-8, so block edges fall inside characters.
        var builder = new StringBuilder();
        for (var i = 0; builder.Length < 4 * SessionFiles.MaxLogTailBytes; i++)
        {
            builder.Append($"2026-12-07T09:00:00.0000000+00:00 [session.state] event {i} é{new string('x', i % 97)}🦉\n");
        }

        await WriteLogAsync(builder.ToString());
        var all = File.ReadAllLines(_files.LogPath);

        foreach (var count in new[] { 1, 5, 50, 1000 })
        {
            Assert.Equal(all[^count..], _files.LastLogLines(count));
        }

        // Reading the whole log (as before) allocates its size twice over (UTF-16 strings); five lines need a block.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var lines = _files.LastLogLines(5);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(all[^5..], lines);
        Assert.True(allocated < 256 * 1024, $"reading 5 lines of a {new FileInfo(_files.LogPath).Length}-byte log allocated {allocated} bytes");
    }

    [Fact]
    public async Task Lines_further_back_than_the_bound_are_left_out_and_the_ones_returned_are_whole_and_the_logs_last()
    {
        var line = new string('y', 299); // 300 bytes with its line break
        await WriteLogAsync(string.Concat(Enumerable.Range(0, 5000).Select(_ => line + "\n")));

        var lines = _files.LastLogLines(5000);

        // 1 MiB holds 3495 lines and the end of one more, which is left out rather than shown cut.
        Assert.Equal(SessionFiles.MaxLogTailBytes / 300, lines.Count);
        Assert.All(lines, l => Assert.Equal(line, l));
    }

    [Theory]
    [InlineData("one\ntwo\nthree\n", 2)]
    [InlineData("one\ntwo\nthree", 2)] // the last line has no break yet
    [InlineData("one\r\ntwo\r\nthree\r\n", 5)] // more wanted than there are
    [InlineData("\ufeffone\ntwo\n", 5)] // a byte order mark is not part of the first line
    [InlineData("one\n\n\nfour\n", 3)] // empty lines count
    [InlineData("", 3)]
    public async Task The_tail_of_a_small_log_is_what_reading_all_of_its_lines_gives(string content, int count)
    {
        await WriteLogAsync(content);

        var all = File.ReadAllLines(_files.LogPath);
        Assert.Equal(all[Math.Max(0, all.Length - count)..], _files.LastLogLines(count));
    }

    [Fact]
    public void A_session_without_a_log_has_no_lines() => Assert.Empty(_files.LastLogLines(10));

    private async Task WriteLogAsync(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_files.LogPath)!);
        await File.WriteAllTextAsync(_files.LogPath, content, new UTF8Encoding(false));
    }
}
