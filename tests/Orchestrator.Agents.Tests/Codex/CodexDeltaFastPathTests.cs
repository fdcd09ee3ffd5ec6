using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agents.Codex;
using Orchestrator.Agents.Codex.Protocol;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>
/// Streamed deltas through the borrowed fast path of a connected client (as <see cref="CodexEngine"/> wires it): the
/// lines go over the wire, not through typed records.
/// </summary>
public sealed class CodexDeltaFastPathTests : IAsyncLifetime
{
    private const string Thread = "01a2006c-a07c-7151-bd66-9350f29bb628";
    private const string TurnId = "01a2006c-a643-79c1-84c3-330b678c1732";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly LineEndpoint _server;
    private readonly CodexAppServerClient _client;
    private readonly CodexTurn _turn;

    public CodexDeltaFastPathTests()
    {
        (var client, _server) = LineTransport.CreateDuplex();
        _client = CodexAppServerClient.Connect(client.Reader, client.Writer, NullLogger.Instance);
        _turn = new CodexTurn(_client, Thread, NullLogger.Instance);
        _turn.SetTurnId(TurnId);
        _client.NotificationReceived = (method, notification) =>
        {
            _turn.OnNotification(method, notification);
            return ValueTask.CompletedTask;
        };
        _client.AgentMessageDeltaReceived = (in BorrowedAgentMessageDelta delta) =>
        {
            if (delta.ThreadId.SequenceEqual(Thread))
            {
                _turn.OnDelta(in delta);
            }
        };
    }

    public async Task InitializeAsync()
    {
        var init = _client.InitializeAsync(new ClientInfo("t", null, "1"));
        var initialize = JsonNode.Parse((await _server.Reader.ReadLineAsync().AsTask().WaitAsync(Timeout))!)!;
        await _server.Writer.WriteLineAsync($$$"""{"id":{{{initialize["id"]}}},"result":{"userAgent":"x"}}""");
        await init.WaitAsync(Timeout);
        await _server.Reader.ReadLineAsync().AsTask().WaitAsync(Timeout); // initialized
    }

    public async Task DisposeAsync() => await _client.DisposeAsync();

    [Fact]
    public async Task Deltas_arrive_decoded_in_order_and_a_delta_of_another_turn_is_ignored()
    {
        await SendAsync("item/started", $$"""{"item":{"type":"agentMessage","id":"msg_1","text":""},"threadId":"{{Thread}}","turnId":"{{TurnId}}"}""");
        await SendAsync("item/agentMessage/delta", $$"""{"threadId":"{{Thread}}","turnId":"{{TurnId}}","itemId":"msg_1","delta":"caf\u00e9\n"}""");
        await SendAsync("item/agentMessage/delta", $$"""{"threadId":"{{Thread}}","turnId":"other-turn","itemId":"msg_9","delta":"not mine"}""");
        await SendAsync("item/agentMessage/delta", $$"""{"threadId":"{{Thread}}","turnId":"{{TurnId}}","itemId":"msg_1","delta":"\"quoted\" \ud83d\ude00"}""");
        await SendAsync("turn/completed", $$$"""{"threadId":"{{{Thread}}}","turn":{"id":"{{{TurnId}}}","items":[],"status":"interrupted","error":null}}""");

        var events = await _turn.ReadAllAsync(Timeout);

        var deltas = events.OfType<TextDelta>().ToList();
        Assert.Equal(["café\n", "\"quoted\" 😀"], deltas.Select(d => d.Delta));
        Assert.All(deltas, d => Assert.Equal("msg_1", d.ItemId));
        Assert.Same(deltas[0].ItemId, deltas[1].ItemId); // the item's id string is reused, not made per delta
        var ended = Assert.IsType<TurnEnded>(events[^1]);
        Assert.Equal("café\n\"quoted\" 😀", ended.FinalText);
        Assert.Equal("café\n\"quoted\" 😀", Assert.Single(events.OfType<ItemCompleted>()).Item.Text);
    }

    [Fact]
    public async Task A_delta_whose_params_do_not_fit_the_fast_path_still_arrives_through_the_parsed_path()
    {
        var longItemId = new string('i', BorrowedAgentMessageDelta.MaxIdLength + 10);
        await SendAsync("item/agentMessage/delta", $$"""{"threadId":"{{Thread}}","turnId":"{{TurnId}}","itemId":"{{longItemId}}","delta":"still here"}""");
        await SendAsync("item/agentMessage/delta", $$"""{"threadId":"{{Thread}}","turnId":"{{TurnId}}","itemId":"msg_2","delta":17}""");
        await SendAsync("turn/completed", $$$"""{"threadId":"{{{Thread}}}","turn":{"id":"{{{TurnId}}}","items":[],"status":"completed","error":null}}""");

        var events = await _turn.ReadAllAsync(Timeout);

        var delta = Assert.Single(events.OfType<TextDelta>()); // the malformed one is logged and ignored, as before
        Assert.Equal("still here", delta.Delta);
        Assert.Equal(longItemId, delta.ItemId);
        Assert.Equal(TurnOutcome.Completed, Assert.IsType<TurnEnded>(events[^1]).Outcome);
    }

    private Task SendAsync(string method, string parameters) =>
        _server.Writer.WriteLineAsync($$"""{"method":"{{method}}","params":{{parameters}}}""");
}
