using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Tests.JsonRpc;

/// <summary>The connection over raw UTF-8 input (a process's stdout): lines read in place, borrowed notifications.</summary>
public sealed class JsonRpcConnectionUtf8Tests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly Channel<string> _sent = Channel.CreateUnbounded<string>();
    private readonly JsonRpcConnection _connection;

    public JsonRpcConnectionUtf8Tests()
    {
        _connection = new JsonRpcConnection(_input.Reader, LineTransport.FromChannel(_sent.Writer), TestJsonContext.Default.Options);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Bad_lines_are_skipped_and_the_next_ones_still_arrive_in_order()
    {
        var received = Channel.CreateUnbounded<string>();
        _connection.NotificationHandler = (n, _) =>
        {
            received.Writer.TryWrite($"{n.Method}:{n.Params?.GetProperty("n").GetInt32()}");
            return ValueTask.CompletedTask;
        };
        _connection.MaxLineLength = 200;
        _connection.StartListening();

        await WriteAsync(
            """{"method":"a","params":{"n":1}}""",
            "this is not json {",
            """{"method":"truncated","params":{"n":""",
            """{"method":"trailing","params":{"n":9}} x""",
            "[1,2,3]",
            "   ",
            "{\"method\":\"huge\",\"params\":{\"n\":7,\"pad\":\"" + new string('x', 300) + "\"}}",
            """{"id":999,"result":{}}""",
            """{"method":"b","params":{"n":2}}""");

        Assert.Equal("a:1", await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal("b:2", await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.False(_connection.IsDisconnected);
    }

    [Fact]
    public async Task A_borrowed_handler_sees_method_and_params_and_passes_on_what_it_does_not_take_in_order()
    {
        var order = Channel.CreateUnbounded<string>();
        _connection.BorrowedNotificationHandler = (in BorrowedNotification n) =>
        {
            if (!n.IsMethod("fast"u8))
            {
                return false;
            }

            var reader = n.CreateParamsReader();
            reader.Read(); // {
            reader.Read(); // "n"
            reader.Read();
            order.Writer.TryWrite($"fast:{reader.GetInt32()}:{Encoding.UTF8.GetString(n.Params)}");
            return true;
        };
        _connection.NotificationHandler = async (n, _) =>
        {
            await Task.Yield(); // a slow parsed handler must still keep the order
            order.Writer.TryWrite($"{n.Method}:{n.Params?.GetProperty("n").GetInt32()}");
        };
        _connection.StartListening();

        await WriteAsync(
            """{"method":"fast","params":{"n":1}}""",
            """{"method":"slow","params":{"n":2}}""",
            """{"method":"fast","params":{"n":3}}""",
            """{"method":"fast\/escaped","params":{"n":4}}""");

        Assert.Equal("fast:1:{\"n\":1}", await order.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal("slow:2", await order.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal("fast:3:{\"n\":3}", await order.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal("fast/escaped:4", await order.Reader.ReadAsync().AsTask().WaitAsync(Timeout)); // escaped names take the parsed path
    }

    [Fact]
    public async Task A_borrowed_handler_that_throws_does_not_stop_the_dispatch()
    {
        var received = new TaskCompletionSource<string>();
        _connection.BorrowedNotificationHandler = (in BorrowedNotification n) => n.IsMethod("boom"u8) ? throw new InvalidOperationException("boom") : false;
        _connection.NotificationHandler = (n, _) =>
        {
            received.TrySetResult(n.Method);
            return ValueTask.CompletedTask;
        };
        _connection.StartListening();

        await WriteAsync("""{"method":"boom","params":{}}""", """{"method":"after"}""");

        Assert.Equal("after", await received.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_burst_larger_than_the_buffers_arrives_complete_and_uncorrupted()
    {
        const int Count = 3000;
        var seen = new List<int>();
        var done = new TaskCompletionSource();
        var corrupted = 0;
        _connection.BorrowedNotificationHandler = (in BorrowedNotification n) =>
        {
            using var document = JsonDocument.Parse(n.Params.ToArray());
            var k = document.RootElement.GetProperty("n").GetInt32();
            if (document.RootElement.GetProperty("echo").GetString() != $"message {k} " + new string('é', k % 50))
            {
                corrupted++;
            }

            seen.Add(k);
            if (seen.Count == Count)
            {
                done.SetResult();
            }

            return true;
        };
        _connection.StartListening();

        // Some lines far above the arena's chunk share (20 KB) among ~1 MB written at once.
        var lines = Enumerable.Range(0, Count).Select(k =>
            "{\"method\":\"m\",\"params\":{\"n\":" + k + ",\"echo\":\"message " + k + " " + new string('é', k % 50) + "\""
            + (k % 500 == 0 ? ",\"pad\":\"" + new string('p', 20_000) + "\"" : "") + "}}");
        await _input.Writer.WriteAsync(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

        await done.Task.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, Count), seen);
        Assert.Equal(0, corrupted);
    }

    [Fact]
    public async Task A_character_split_across_writes_is_decoded_whole()
    {
        var received = new TaskCompletionSource<string>();
        _connection.NotificationHandler = (n, _) =>
        {
            received.TrySetResult(n.Params!.Value.GetProperty("text").GetString()!);
            return ValueTask.CompletedTask;
        };
        _connection.StartListening();
        var bytes = Encoding.UTF8.GetBytes("""{"method":"m","params":{"text":"😀é"}}""" + "\n");
        var split = Array.IndexOf(bytes, (byte)0xF0) + 2; // inside the 4-byte emoji

        await _input.Writer.WriteAsync(bytes.AsMemory(0, split));
        await _input.Writer.WriteAsync(bytes.AsMemory(split));

        Assert.Equal("😀é", await received.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Answers_are_matched_and_the_end_of_the_input_fails_pending_calls_with_reason_stream_ended()
    {
        _connection.StartListening();
        var answered = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("x"));
        var request = JsonNode.Parse(await _sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout))!;
        await WriteAsync($$$"""{"id":{{{request["id"]}}},"result":{"echo":"x"}}""");
        Assert.Equal("x", (await answered.WaitAsync(Timeout)).Echo);

        var pending = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("y"));
        await _sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        await _input.Writer.CompleteAsync();

        var ex = await Assert.ThrowsAsync<ConnectionLostException>(() => pending.WaitAsync(Timeout));
        Assert.Equal(DisconnectedReason.StreamEnded, ex.Reason);
        Assert.Equal(DisconnectedReason.StreamEnded, (await _connection.Completion.WaitAsync(Timeout)).Reason);
    }

    [Fact]
    public async Task Dispose_stops_reading_with_reason_disposed()
    {
        _connection.StartListening();

        await _connection.DisposeAsync();

        Assert.Equal(DisconnectedReason.Disposed, (await _connection.Completion.WaitAsync(Timeout)).Reason);
    }

    private async Task WriteAsync(params string[] lines) =>
        await _input.Writer.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
}
