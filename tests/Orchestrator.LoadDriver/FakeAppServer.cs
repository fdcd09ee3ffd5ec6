using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orchestrator.LoadDriver;

/// <summary>
/// A stand-in for <c>codex app-server</c> (hidden LoadDriver mode <c>fake-app-server</c>): the app-server JSON-RPC
/// over stdio as Codex 0.169.0 speaks it (no "jsonrpc" field, notifications with <c>emittedAtMs</c>), enough for the
/// product's <c>CodexEngine</c>: <c>initialize</c>, <c>thread/start</c>, <c>thread/resume</c>, <c>turn/start</c>
/// (the prompt "stream {chat}" streams for the chat), <c>turn/interrupt</c>, <c>turn/steer</c>, <c>model/list</c>.
/// Every other request gets a JSON-RPC error. It exits when stdin closes.
/// </summary>
internal static class FakeAppServer
{
    public static async Task<int> RunAsync(int rate, TimeSpan duration, string recordDirectory)
    {
        var output = new FakeAppServerOutput(Console.OpenStandardOutput());
        var streams = new FakeAppServerStreams(output, rate, (int)(rate * duration.TotalSeconds), recordDirectory);
        using var stop = new CancellationTokenSource();
        var ticker = streams.RunAsync(stop.Token);
        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        try
        {
            while (await input.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                try
                {
                    Handle(line, output, streams);
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException)
                {
                    await Console.Error.WriteLineAsync($"fake app-server: ignoring a line that is not a JSON-RPC message ({ex.Message})").ConfigureAwait(false);
                }
            }
        }
        catch (IOException)
        {
            // The bot is gone (broken pipe): nothing left to serve.
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await ticker.ConfigureAwait(false);
        return 0;
    }

    private static void Handle(string line, FakeAppServerOutput output, FakeAppServerStreams streams)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        using var message = JsonDocument.Parse(line);
        var root = message.RootElement;
        if (!root.TryGetProperty("method", out var methodElement) || !root.TryGetProperty("id", out var idElement))
        {
            return; // "initialized", or a response to a server request (this fake sends none).
        }

        var id = idElement.GetRawText();
        var p = root.TryGetProperty("params", out var parameters) ? parameters : default;
        switch (methodElement.GetString())
        {
            case "initialize":
                output.Send(Result(id, """{"userAgent":"orchestrator_bot/0.169.0 (LoadDriver fake app-server)","codexHome":"/nonexistent","platformFamily":"unix","platformOs":"linux"}"""));
                break;
            case "thread/start":
                var threadId = Guid.CreateVersion7().ToString();
                output.Send(Result(id, ThreadResult(threadId, p)));
                output.Send(Notification("thread/started", $$$"""{"thread":{"id":"{{{threadId}}}","turns":[]}}"""));
                break;
            case "thread/resume":
                output.Send(Result(id, ThreadResult(Text(p, "threadId") ?? "", p)));
                break;
            case "turn/start":
                var thread = Text(p, "threadId") ?? "";
                var turnId = streams.Start(thread, ChatOf(p));
                output.Send(Result(id, $$$"""{"turn":{"id":"{{{turnId}}}","items":[],"status":"inProgress","error":null}}"""));
                streams.Announce(thread, turnId);
                break;
            case "turn/interrupt":
                output.Send(streams.Interrupt(Text(p, "threadId") ?? "", Text(p, "turnId") ?? "")
                    ? Result(id, "{}")
                    : Error(id, -32600, "no active turn to interrupt"));
                break;
            case "turn/steer":
                output.Send(Result(id, $$$"""{"turnId":{{{Quote(Text(p, "expectedTurnId") ?? "")}}}}"""));
                break;
            case "model/list":
                output.Send(Result(id, """{"data":[{"id":"fake-model","model":"fake-model","displayName":"Fake model","description":"LoadDriver fake app-server","hidden":false,"isDefault":true}],"nextCursor":null}"""));
                break;
            default:
                output.Send(Error(id, -32601, $"the LoadDriver fake app-server does not implement '{methodElement.GetString()}'"));
                break;
        }
    }

    /// <summary>The chat of "stream {chat}" (the last word of the first text input), or 0.</summary>
    private static long ChatOf(JsonElement p)
    {
        if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in input.EnumerateArray())
            {
                if (Text(item, "text") is { } text
                    && long.TryParse(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).LastOrDefault(), CultureInfo.InvariantCulture, out var chat))
                {
                    return chat;
                }
            }
        }

        return 0;
    }

    private static string ThreadResult(string threadId, JsonElement p)
    {
        var cwd = Quote(Text(p, "cwd") ?? "/");
        return $$$"""{"thread":{"id":"{{{threadId}}}","cwd":{{{cwd}}},"turns":[]},"model":"fake-model","modelProvider":"fake","cwd":{{{cwd}}},"approvalPolicy":{{{Quote(Text(p, "approvalPolicy") ?? "on-request")}}},"sandbox":{"type":"workspaceWrite"}}""";
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static string Quote(string text) => JsonSerializer.Serialize(text, TurnRecordJson.Default.String);

    private static string Result(string id, string result) => $$$"""{"id":{{{id}}},"result":{{{result}}}}""";

    private static string Error(string id, int code, string message) => $$$"""{"error":{"code":{{{code}}},"message":{{{Quote(message)}}}},"id":{{{id}}}}""";

    public static string Notification(string method, string parameters) =>
        string.Create(CultureInfo.InvariantCulture, $$$"""{"method":"{{{method}}}","params":{{{parameters}}},"emittedAtMs":{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}}""");
}
