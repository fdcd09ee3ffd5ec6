using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.Anthropic;

/// <summary>Writes a scripted answer as the Anthropic Messages API does (SSE when streaming, one JSON otherwise).</summary>
internal sealed class AnthropicSseWriter(HttpContext context, string messageId, string model)
{
    private const int InputTokens = 10;
    private const int OutputTokens = 4;

    public static JsonObject NonStreamingText(string messageId, string model, string text) => new()
    {
        ["id"] = messageId,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        ["stop_reason"] = "end_turn",
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = OutputTokens },
    };

    public async Task WriteErrorAsync(FakeErrorResponse error)
    {
        context.Response.StatusCode = error.StatusCode;
        context.Response.Headers["x-should-retry"] = "false";
        context.Response.Headers["request-id"] = "req_fake_" + messageId;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = error.Type, ["message"] = error.Message },
        };
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    public async Task WriteStreamAsync(FakeAnthropicResponse response)
    {
        var ct = context.RequestAborted;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await EventAsync("message_start", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["id"] = messageId,
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = 1 },
            },
        }, ct).ConfigureAwait(false);

        string stopReason;
        switch (response)
        {
            case FakeTextResponse text:
                await EventAsync("content_block_start", new JsonObject
                {
                    ["index"] = 0,
                    ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = string.Empty },
                }, ct).ConfigureAwait(false);
                for (var i = 0; i <= text.Deltas.Count; i++)
                {
                    if (text.Gates.TryGetValue(i, out var gate))
                    {
                        await gate.PassAsync(ct).ConfigureAwait(false);
                    }

                    if (i < text.Deltas.Count)
                    {
                        await EventAsync("content_block_delta", new JsonObject
                        {
                            ["index"] = 0,
                            ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text.Deltas[i] },
                        }, ct).ConfigureAwait(false);
                    }
                }

                stopReason = "end_turn";
                break;
            case FakeToolUseResponse tool:
                await EventAsync("content_block_start", new JsonObject
                {
                    ["index"] = 0,
                    ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = tool.Id, ["name"] = tool.Name, ["input"] = new JsonObject() },
                }, ct).ConfigureAwait(false);
                await EventAsync("content_block_delta", new JsonObject
                {
                    ["index"] = 0,
                    ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = JsonSerializer.Serialize(tool.Input) },
                }, ct).ConfigureAwait(false);
                stopReason = "tool_use";
                break;
            default:
                throw new InvalidOperationException($"Cannot stream {response.GetType().Name}.");
        }

        await EventAsync("content_block_stop", new JsonObject { ["index"] = 0 }, ct).ConfigureAwait(false);
        await EventAsync("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = OutputTokens },
        }, ct).ConfigureAwait(false);
        await EventAsync("message_stop", [], ct).ConfigureAwait(false);
    }

    private async Task EventAsync(string type, JsonObject data, CancellationToken cancellationToken)
    {
        data["type"] = type;
        var frame = $"event: {type}\ndata: {data.ToJsonString()}\n\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
