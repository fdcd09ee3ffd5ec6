using System.CommandLine;
using System.Text.Json;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>orch chat AGENT "prompt" [--image FILE]</c>: sends the prompt (echoed to the agent's Telegram chat as
/// <c>[CLI] …</c>) and prints the answer as it is written, from the API's event stream. Exit code 1 when the turn
/// fails or is stopped.
/// </summary>
public static class ChatCommand
{
    public static Command Create(CliContext cli)
    {
        var agentArgument = new Argument<string>("agent") { Description = "The agent's name or id (orch agents list)" };
        var promptArgument = new Argument<string>("prompt") { Description = "What to ask" };
        var images = new Option<FileInfo[]>("--image") { Description = "An image to attach (PNG, JPEG, GIF, WebP; repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("chat", "Send a prompt to an agent and stream its answer") { agentArgument, promptArgument, images };
        command.SetAction((parse, cancel) => cli.RunAsync(async (api, ct) =>
        {
            var json = parse.GetValue(CliContext.Json);
            var agent = await AgentsCommand.FindAsync(api, parse.GetRequiredValue(agentArgument), ct).ConfigureAwait(false);
            var agentId = CliContext.Text(agent, "id");
            var imageIds = new List<long>();
            foreach (var file in parse.GetValue(images) ?? [])
            {
                if (!file.Exists)
                {
                    await cli.Error.WriteLineAsync($"orch: no such file: {file.FullName}").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                var uploaded = await api.UploadImageAsync(agentId, file.FullName, ct).ConfigureAwait(false);
                imageIds.Add(uploaded.GetProperty("id").GetInt64());
            }

            // Listen first, then send: the first delta cannot pass before the stream is open.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var events = api.StreamAsync(() => connected.TrySetResult(), stop.Token).GetAsyncEnumerator(stop.Token);
            var first = events.MoveNextAsync().AsTask();
            await Task.WhenAny(connected.Task, first).ConfigureAwait(false);
            if (first.IsCompleted)
            {
                await first.ConfigureAwait(false); // a refusal of the stream surfaces here
            }

            var accepted = await api.PostAsync($"api/v1/agents/{Uri.EscapeDataString(agentId)}/messages", new { text = parse.GetRequiredValue(promptArgument), image_ids = imageIds }, ct).ConfigureAwait(false);
            var turnId = accepted.GetProperty("turn_id").GetInt64();
            if (json)
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new { @event = "accepted", data = accepted })).ConfigureAwait(false);
            }

            var printed = 0;
            try
            {
                var has = await first.ConfigureAwait(false);
                while (has)
                {
                    var e = events.Current;
                    if (TurnOf(e.Data) == turnId)
                    {
                        if (e.Kind == "turn.delta")
                        {
                            var text = CliContext.Text(e.Data, "text");
                            printed += text.Length;
                            await cli.Output.WriteAsync(json ? JsonSerializer.Serialize(new { @event = e.Kind, data = e.Data }) + "\n" : text).ConfigureAwait(false);
                            await cli.Output.FlushAsync(ct).ConfigureAwait(false);
                        }
                        else if (e.Kind == "turn.ended")
                        {
                            var end = JsonDocument.Parse(CliContext.Text(e.Data, "data")).RootElement;
                            if (json)
                            {
                                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new { @event = e.Kind, data = end })).ConfigureAwait(false);
                            }
                            else
                            {
                                if (printed == 0)
                                {
                                    await cli.Output.WriteAsync(CliContext.Text(end, "text")).ConfigureAwait(false);
                                }

                                await cli.Output.WriteLineAsync().ConfigureAwait(false);
                            }

                            var status = CliContext.Text(end, "status");
                            if (status != "completed")
                            {
                                await cli.Error.WriteLineAsync($"orch: the turn ended {status}{(CliContext.Text(end, "error") is { Length: > 0 } error ? ": " + error : "")}").ConfigureAwait(false);
                                return ExitCodes.Failed;
                            }

                            return ExitCodes.Ok;
                        }
                    }

                    has = await events.MoveNextAsync().ConfigureAwait(false);
                }

                await cli.Error.WriteLineAsync("orch: the event stream ended before the turn did").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await events.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
                {
                }
            }
        }, cancel));
        return command;
    }

    /// <summary>The turn an event belongs to: a delta carries it, a stored turn event has it in its data.</summary>
    private static long? TurnOf(JsonElement data)
    {
        if (data.TryGetProperty("turn_id", out var direct) && direct.ValueKind == JsonValueKind.Number)
        {
            return direct.GetInt64();
        }

        if (CliContext.Text(data, "data") is { Length: > 0 } inner)
        {
            try
            {
                var parsed = JsonDocument.Parse(inner).RootElement;
                return parsed.ValueKind == JsonValueKind.Object && parsed.TryGetProperty("turn_id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : null;
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }
}
