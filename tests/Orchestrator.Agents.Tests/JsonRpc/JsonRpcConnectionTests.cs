using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Tests.JsonRpc;

public sealed record PingParams(string Text, int? Count = null);

public sealed record PongResult(string Echo);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PingParams))]
[JsonSerializable(typeof(PongResult))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

public sealed class JsonRpcConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly LineEndpoint _client;
    private readonly LineEndpoint _server;
    private readonly JsonRpcConnection _connection;

    public JsonRpcConnectionTests()
    {
        (_client, _server) = LineTransport.CreateDuplex();
        _connection = new JsonRpcConnection(_client.Reader, _client.Writer, TestJsonContext.Default.Options);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Concurrent_calls_get_their_own_results_even_when_answered_out_of_order()
    {
        _connection.StartListening();
        var first = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("one"));
        var second = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("two", 2));
        var requestOne = await ReadServerAsync();
        var requestTwo = await ReadServerAsync();

        await AnswerAsync(requestTwo, new JsonObject { ["echo"] = requestTwo["params"]!["text"]!.GetValue<string>() });
        await AnswerAsync(requestOne, new JsonObject { ["echo"] = requestOne["params"]!["text"]!.GetValue<string>() });

        Assert.Equal("one", (await first.WaitAsync(Timeout)).Echo);
        Assert.Equal("two", (await second.WaitAsync(Timeout)).Echo);
        Assert.Equal("ping", (string?)requestOne["method"]);
        Assert.Null(requestOne["jsonrpc"]);
        Assert.Null(requestOne["params"]!["count"]);
        Assert.Equal(2, (int?)requestTwo["params"]!["count"]);
        Assert.NotEqual(requestOne["id"]!.ToJsonString(), requestTwo["id"]!.ToJsonString());
    }

    [Fact]
    public async Task An_error_answer_throws_RemoteInvocationException_with_code_and_message()
    {
        _connection.StartListening();
        var call = _connection.InvokeWithParameterObjectAsync<PongResult>("thread/resume", new PingParams("x"));
        var request = await ReadServerAsync();

        await _server.Writer.WriteLineAsync($$"""{"error":{"code":-32600,"message":"no rollout found"},"id":{{request["id"]}}}""");

        var ex = await Assert.ThrowsAsync<RemoteInvocationException>(() => call.WaitAsync(Timeout));
        Assert.Equal(-32600, ex.ErrorCode);
        Assert.Equal("no rollout found", ex.RemoteMessage);
        Assert.Equal("thread/resume", ex.Method);
    }

    [Fact]
    public async Task Notifications_are_dispatched_in_order_and_malformed_lines_are_skipped()
    {
        var received = new List<string>();
        var done = new TaskCompletionSource();
        _connection.NotificationHandler = async (n, ct) =>
        {
            await Task.Yield();
            received.Add($"{n.Method}:{n.Params?.GetProperty("n").GetInt32()}");
            if (received.Count == 4)
            {
                done.SetResult();
            }
        };
        _connection.StartListening();

        await _server.Writer.WriteLineAsync("""{"method":"a","params":{"n":1},"emittedAtMs":1}""");
        await _server.Writer.WriteLineAsync("this is not json {");
        await _server.Writer.WriteLineAsync("[1,2,3]");
        await _server.Writer.WriteLineAsync("""{"method":"b","params":{"n":2}}""");
        await _server.Writer.WriteLineAsync("""{"id":999,"result":{}}""");
        await _server.Writer.WriteLineAsync("""{"method":"c","params":{"n":3}}""");
        await _server.Writer.WriteLineAsync("""{"method":"d","params":{"n":4}}""");
        await done.Task.WaitAsync(Timeout);

        Assert.Equal(["a:1", "b:2", "c:3", "d:4"], received);
        Assert.False(_connection.IsDisconnected);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"req-7\"")]
    public async Task Server_requests_are_answered_with_the_handler_result_and_the_same_id(string id)
    {
        _connection.RequestHandler = (request, ct) =>
            Task.FromResult<JsonNode?>(new JsonObject { ["decision"] = "accept", ["method"] = request.Method });
        _connection.StartListening();

        await _server.Writer.WriteLineAsync("{\"method\":\"item/commandExecution/requestApproval\",\"id\":" + id + ",\"params\":{}}");
        var answer = await ReadServerAsync();

        Assert.Equal(id, answer["id"]!.ToJsonString());
        Assert.Equal("accept", (string?)answer["result"]!["decision"]);
        Assert.Null(answer["error"]);
    }

    [Fact]
    public async Task Unknown_server_requests_get_method_not_found()
    {
        _connection.StartListening();

        await _server.Writer.WriteLineAsync("""{"method":"item/tool/requestUserInput","id":3,"params":{}}""");
        var answer = await ReadServerAsync();

        Assert.Equal(3, (int?)answer["id"]);
        Assert.Equal(JsonRpcErrorCode.MethodNotFound, (int?)answer["error"]!["code"]);
    }

    [Fact]
    public async Task A_slow_request_handler_does_not_block_notifications()
    {
        var release = new TaskCompletionSource<JsonNode?>();
        var notified = new TaskCompletionSource();
        _connection.RequestHandler = (_, _) => release.Task;
        _connection.NotificationHandler = (_, _) =>
        {
            notified.TrySetResult();
            return ValueTask.CompletedTask;
        };
        _connection.StartListening();

        await _server.Writer.WriteLineAsync("""{"method":"approve?","id":0,"params":{}}""");
        await _server.Writer.WriteLineAsync("""{"method":"progress","params":{}}""");
        await notified.Task.WaitAsync(Timeout);
        release.SetResult(new JsonObject { ["decision"] = "decline" });

        Assert.Equal("decline", (string?)(await ReadServerAsync())["result"]!["decision"]);
    }

    [Fact]
    public async Task When_the_stream_ends_pending_calls_fail_and_completion_reports_why()
    {
        var disconnected = new TaskCompletionSource<JsonRpcDisconnectedEventArgs>();
        _connection.Disconnected += (_, e) => disconnected.TrySetResult(e);
        _connection.StartListening();
        var call = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("x"));
        await ReadServerAsync();

        _server.Close();

        var ex = await Assert.ThrowsAsync<ConnectionLostException>(() => call.WaitAsync(Timeout));
        Assert.Contains("'ping'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(DisconnectedReason.StreamEnded, (await _connection.Completion.WaitAsync(Timeout)).Reason);
        Assert.Equal(DisconnectedReason.StreamEnded, (await disconnected.Task.WaitAsync(Timeout)).Reason);
        await Assert.ThrowsAsync<ConnectionLostException>(() => _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("y")));
    }

    [Fact]
    public async Task A_cancelled_call_throws_and_its_late_answer_is_ignored()
    {
        _connection.StartListening();
        using var cts = new CancellationTokenSource();
        var call = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("x"), cts.Token);
        var request = await ReadServerAsync();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await AnswerAsync(request, new JsonObject { ["echo"] = "late" });
        var next = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("y"));
        await AnswerAsync(await ReadServerAsync(), new JsonObject { ["echo"] = "fresh" });

        Assert.Equal("fresh", (await next.WaitAsync(Timeout)).Echo);
    }

    [Fact]
    public async Task A_call_without_answer_times_out()
    {
        _connection.RequestTimeout = TimeSpan.FromMilliseconds(200);
        _connection.StartListening();

        // Not .WaitAsync(Timeout): its own TimeoutException would pass for the connection's.
        var call = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("x"));
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(Timeout)));
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    [Fact]
    public async Task A_call_whose_request_cannot_be_written_times_out_too()
    {
        // A hung peer may stop reading its input: the write blocks, and the timeout must still end the call.
        var (_, server) = LineTransport.CreateDuplex();
        var stuck = LineTransport.FromDelegate((_, cancellationToken) => Task.Delay(System.Threading.Timeout.Infinite, cancellationToken));
        await using var connection = new JsonRpcConnection(server.Reader, stuck, TestJsonContext.Default.Options) { RequestTimeout = TimeSpan.FromMilliseconds(200) };
        connection.StartListening();

        // Not .WaitAsync(Timeout): its own TimeoutException would pass for the connection's.
        var call = connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("x"));
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(Timeout)));
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    [Fact]
    public async Task A_per_call_timeout_applies_to_that_call_only()
    {
        _connection.StartListening();

        var slow = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("x"), TimeSpan.FromMilliseconds(200));
        var patient = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("y"));
        await ReadServerAsync();
        var second = await ReadServerAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => slow.WaitAsync(Timeout));
        await AnswerAsync(second, new JsonObject { ["echo"] = "y" });
        Assert.Equal("y", (await patient.WaitAsync(Timeout)).Echo);
    }

    [Fact]
    public async Task Dispose_fails_pending_calls_with_reason_disposed()
    {
        _connection.StartListening();
        var call = _connection.InvokeWithParameterObjectAsync<PongResult>("ping", new PingParams("x"));
        await ReadServerAsync();

        await _connection.DisposeAsync();

        var ex = await Assert.ThrowsAsync<ConnectionLostException>(() => call.WaitAsync(Timeout));
        Assert.Equal(DisconnectedReason.Disposed, ex.Reason);
        Assert.Equal(DisconnectedReason.Disposed, (await _connection.Completion).Reason);
    }

    [Fact]
    public async Task Notify_sends_method_and_params_without_id()
    {
        _connection.StartListening();

        await _connection.NotifyAsync("initialized");
        var message = await ReadServerAsync();

        Assert.Equal("""{"method":"initialized"}""", message.ToJsonString());
    }

    private async Task<JsonNode> ReadServerAsync()
    {
        var line = await _server.Reader.ReadLineAsync().AsTask().WaitAsync(Timeout);
        Assert.NotNull(line);
        return JsonNode.Parse(line)!;
    }

    private Task AnswerAsync(JsonNode request, JsonNode result) =>
        _server.Writer.WriteLineAsync(new JsonObject { ["id"] = request["id"]!.DeepClone(), ["result"] = result }.ToJsonString());
}
