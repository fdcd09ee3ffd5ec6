using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Agents.Tests.OpenAi;

public sealed class FakeResponsesServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Streams_the_scripted_text_as_the_responses_sse_sequence_and_records_the_request()
    {
        await using var server = await FakeResponsesServer.StartAsync();
        server.Enqueue(FakeResponse.Text("Hello world", 3));
        using var http = new HttpClient();

        var body = await PostAsync(http, server, """{"model":"m","stream":true,"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"hi there"}]}]}""");
        var events = ParseSse(body);

        Assert.Equal(
            ["response.created", "response.output_item.added", "response.output_text.delta", "response.output_text.delta", "response.output_text.delta", "response.output_item.done", "response.completed"],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(e.Type, (string?)e.Data["type"]));
        Assert.Equal("Hello world", string.Concat(events.Where(e => e.Type == "response.output_text.delta").Select(e => (string?)e.Data["delta"])));
        Assert.Equal("Hello world", (string?)events[5].Data["item"]!["content"]![0]!["text"]);
        var request = await server.WaitForRequestAsync(0).WaitAsync(Timeout);
        Assert.True(request.HasUserText("hi there"));
        await request.Finished.WaitAsync(Timeout);
        Assert.False(request.StreamCut.IsCompleted);
    }

    [Fact]
    public async Task Function_calls_errors_and_the_default_answer_follow_the_script_in_order()
    {
        await using var server = await FakeResponsesServer.StartAsync();
        server.Enqueue(FakeResponse.ExecCommand("touch x", "/ws"), FakeResponse.HttpError(400, "bad"));
        server.DefaultResponse = FakeResponse.Text("default");
        using var http = new HttpClient();

        var call = ParseSse(await PostAsync(http, server, "{}"));
        using var error = await http.PostAsync(server.BaseUrl + "/responses", new StringContent("{}", Encoding.UTF8, "application/json"));
        var fallback = ParseSse(await PostAsync(http, server, "{}"));

        var item = call.Single(e => e.Type == "response.output_item.done").Data["item"]!;
        Assert.Equal("exec_command", (string?)item["name"]);
        var arguments = JsonNode.Parse((string)item["arguments"]!)!;
        Assert.Equal("touch x", (string?)arguments["cmd"]);
        Assert.Equal("require_escalated", (string?)arguments["sandbox_permissions"]);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("bad", await error.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("default", (string?)fallback.Single(e => e.Type == "response.output_text.delta").Data["delta"]);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_client_that_stops_reading_mid_stream_is_reported_as_a_cut()
    {
        await using var server = await FakeResponsesServer.StartAsync();
        var never = new TaskCompletionSource();
        server.Enqueue(FakeResponse.Streamed("one", "two").WithGateBefore(1, never.Task));
        using var http = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/responses") { Content = new StringContent("{}") };

        var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync().WaitAsync(Timeout) is { } line && !line.Contains("\"one\"", StringComparison.Ordinal))
            {
            }
        }

        response.Dispose();
        await server.Requests[0].StreamCut.WaitAsync(Timeout);
    }

    private static async Task<string> PostAsync(HttpClient http, FakeResponsesServer server, string json)
    {
        using var response = await http.PostAsync(server.BaseUrl + "/responses", new StringContent(json, Encoding.UTF8, "application/json")).WaitAsync(Timeout);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<(string Type, JsonNode Data)> ParseSse(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Select(lines => (
                lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                JsonNode.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..])!))];
}
