using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Tests.JsonRpc;

public sealed class Utf8LineReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));

    [Fact]
    public async Task A_line_written_in_pieces_comes_out_whole_once_its_line_break_arrives()
    {
        var reader = new Utf8LineReader(_pipe.Reader);
        await WriteAsync("""{"method":"a","par""");
        var first = reader.ReadAsync().AsTask();
        await WriteAsync("""ams":{"n":1}}""");
        Assert.False(first.IsCompleted);

        await WriteAsync("\n{\"method\":\"b\"}\n{\"method\":");

        Assert.Equal("""{"method":"a","params":{"n":1}}""", await LineAsync(reader, first));
        Assert.Equal("""{"method":"b"}""", await NextLineAsync(reader));
        var third = reader.ReadAsync().AsTask();
        await WriteAsync("\"c\"}\n");
        Assert.Equal("""{"method":"c"}""", await LineAsync(reader, third));
    }

    [Fact]
    public async Task CRLF_endings_are_removed_but_a_carriage_return_inside_a_line_stays()
    {
        var reader = new Utf8LineReader(_pipe.Reader);

        await WriteAsync("one\r\ntwo\r\nthree\rstill three\n\r\n");

        Assert.Equal("one", await NextLineAsync(reader));
        Assert.Equal("two", await NextLineAsync(reader));
        Assert.Equal("three\rstill three", await NextLineAsync(reader));
        Assert.Equal("", await NextLineAsync(reader));
    }

    [Fact]
    public async Task Multi_byte_characters_split_across_writes_and_buffer_segments_decode_whole()
    {
        var reader = new Utf8LineReader(_pipe.Reader);
        var text = "é€😀 naïve " + string.Concat(Enumerable.Repeat("é", 5000)); // > one 4 KB segment
        var bytes = Encoding.UTF8.GetBytes(text + "\n");

        // Byte by byte for the first characters (every split point of 2-, 3- and 4-byte sequences), then the rest.
        for (var i = 0; i < 16; i++)
        {
            await _pipe.Writer.WriteAsync(bytes.AsMemory(i, 1));
        }

        await _pipe.Writer.WriteAsync(bytes.AsMemory(16));

        Assert.Equal(Utf8LineStatus.Line, await reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.False(reader.Line.IsSingleSegment); // the line really spans buffers
        Assert.Equal(text, Encoding.UTF8.GetString(reader.Line));
    }

    [Fact]
    public async Task A_line_over_the_limit_is_reported_once_and_skipped_up_to_its_line_break()
    {
        var reader = new Utf8LineReader(_pipe.Reader, maxLineLength: 16);

        await WriteAsync("short\n" + new string('x', 40) + "\nsixteen-bytes-ok\n");

        Assert.Equal("short", await NextLineAsync(reader));
        Assert.Equal(Utf8LineStatus.TooLong, await reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal("sixteen-bytes-ok", await NextLineAsync(reader));
    }

    [Fact]
    public async Task An_over_long_line_is_reported_before_its_end_arrives_and_its_rest_is_dropped()
    {
        var reader = new Utf8LineReader(_pipe.Reader, maxLineLength: 16);

        await WriteAsync(new string('x', 20)); // no line break yet: nothing to wait for
        Assert.Equal(Utf8LineStatus.TooLong, await reader.ReadAsync().AsTask().WaitAsync(Timeout));
        var next = reader.ReadAsync().AsTask();
        await WriteAsync(new string('y', 100));
        await WriteAsync("yyy\nafter\n");

        Assert.Equal("after", await LineAsync(reader, next));
    }

    [Fact]
    public async Task The_last_line_counts_without_a_line_break_then_the_input_ends_for_good()
    {
        var reader = new Utf8LineReader(_pipe.Reader);

        await WriteAsync("first\nlast");
        await _pipe.Writer.CompleteAsync();

        Assert.Equal("first", await NextLineAsync(reader));
        Assert.Equal("last", await NextLineAsync(reader));
        Assert.Equal(Utf8LineStatus.Ended, await reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(Utf8LineStatus.Ended, await reader.ReadAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_cancelled_read_throws()
    {
        var reader = new Utf8LineReader(_pipe.Reader);
        using var cts = new CancellationTokenSource();

        var read = reader.ReadAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Timeout));
    }

    private async Task WriteAsync(string text) => await _pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(text));

    private static Task<string> NextLineAsync(Utf8LineReader reader) => LineAsync(reader, reader.ReadAsync().AsTask());

    private static async Task<string> LineAsync(Utf8LineReader reader, Task<Utf8LineStatus> read)
    {
        Assert.Equal(Utf8LineStatus.Line, await read.WaitAsync(Timeout));
        return Encoding.UTF8.GetString(reader.Line);
    }
}
