using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Testing.Anthropic;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>The fake's side answers, which the pinned CLI does not use in the integration tests.</summary>
public sealed class FakeAnthropicServerTests
{
    [Fact]
    public async Task Non_streaming_count_tokens_and_unknown_requests_get_sensible_answers_without_using_the_script()
    {
        await using var server = await FakeAnthropicServer.StartAsync();
        server.Enqueue(FakeAnthropicResponse.Text("scripted"));
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        var message = await http.PostAsJsonAsync("/v1/messages?beta=true", new { model = "m", max_tokens = 5, messages = Array.Empty<object>() });
        var body = JsonNode.Parse(await message.Content.ReadAsStringAsync())!;
        var count = await http.PostAsJsonAsync("/v1/messages/count_tokens", new { model = "m", messages = Array.Empty<object>() });
        var unknown = await http.GetAsync(new Uri("/v1/models", UriKind.Relative));

        Assert.Equal("message", (string?)body["type"]);
        Assert.Equal("text", (string?)body["content"]![0]!["type"]);
        Assert.True((int)JsonNode.Parse(await count.Content.ReadAsStringAsync())!["input_tokens"]! > 0);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(["GET /v1/models"], server.UnknownPaths);
        Assert.Equal(2, server.SideRequests.Count);
        Assert.Empty(server.Requests);

        var stream = await http.PostAsJsonAsync("/v1/messages?beta=true", new { model = "m", stream = true, messages = Array.Empty<object>() });
        var sse = await stream.Content.ReadAsStringAsync();
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"text\":\"scripted\"", sse, StringComparison.Ordinal);
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", sse, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }
}
