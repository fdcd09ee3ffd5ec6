using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Testing.OpenAi;

/// <summary>Writes one <see cref="FakeResponse"/> as the Responses API SSE sequence Codex expects.</summary>
internal sealed class SseResponseWriter(HttpContext context, int requestIndex)
{
    private readonly CancellationToken _aborted = context.RequestAborted;

    public async Task WriteAsync(FakeResponse response)
    {
        if (response is ErrorResponse error)
        {
            context.Response.StatusCode = error.StatusCode;
            await context.Response.WriteAsJsonAsync(
                new { error = new { message = error.Message, type = "invalid_request_error", code = "fake" } }, _aborted).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var responseId = $"resp_{requestIndex}";
        await SendAsync("response.created", new JsonObject { ["response"] = new JsonObject { ["id"] = responseId } }).ConfigureAwait(false);
        switch (response)
        {
            case TextResponse text:
                await WriteMessageAsync(text).ConfigureAwait(false);
                break;
            case FunctionCallResponse call:
                await WriteFunctionCallAsync(call).ConfigureAwait(false);
                break;
        }

        await SendAsync("response.completed", new JsonObject
        {
            ["response"] = new JsonObject
            {
                ["id"] = responseId,
                ["usage"] = new JsonObject
                {
                    ["input_tokens"] = 10,
                    ["input_tokens_details"] = null,
                    ["output_tokens"] = 5,
                    ["output_tokens_details"] = null,
                    ["total_tokens"] = 15,
                },
            },
        }).ConfigureAwait(false);
    }

    private async Task WriteMessageAsync(TextResponse text)
    {
        var itemId = $"msg_{requestIndex}";
        JsonObject Message(JsonArray content) =>
            new() { ["type"] = "message", ["role"] = "assistant", ["id"] = itemId, ["content"] = content };

        await SendAsync("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = Message([]) }).ConfigureAwait(false);
        for (var i = 0; i < text.Deltas.Count; i++)
        {
            if (text.BeforeDelta is { } before)
            {
                await before(i, _aborted).ConfigureAwait(false);
            }

            await SendAsync("response.output_text.delta", new JsonObject
            {
                ["item_id"] = itemId,
                ["output_index"] = 0,
                ["content_index"] = 0,
                ["delta"] = text.Deltas[i],
            }).ConfigureAwait(false);
        }

        var part = new JsonObject { ["type"] = "output_text", ["text"] = text.FullText, ["annotations"] = new JsonArray() };
        await SendAsync("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = Message([part]) }).ConfigureAwait(false);
    }

    private async Task WriteFunctionCallAsync(FunctionCallResponse call)
    {
        var item = new JsonObject
        {
            ["type"] = "function_call",
            ["id"] = $"fc_{requestIndex}",
            ["call_id"] = $"call_{requestIndex}",
            ["name"] = call.Name,
            ["arguments"] = call.Arguments,
        };
        await SendAsync("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = item.DeepClone() }).ConfigureAwait(false);
        await SendAsync("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = item }).ConfigureAwait(false);
    }

    private async Task SendAsync(string type, JsonObject data)
    {
        data["type"] = type;
        await context.Response.WriteAsync($"event: {type}\ndata: {data.ToJsonString()}\n\n", _aborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(_aborted).ConfigureAwait(false);
    }
}
