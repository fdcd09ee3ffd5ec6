using Orchestrator.Agents.Codex;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>
/// Streamed deltas through the borrowed fast path of a connected client (as <see cref="CodexEngine"/> wires it): the
/// lines go over the wire, not through typed records.
/// </summary>
public sealed class CodexDeltaFastPathTests : IAsyncLifetime
{
    private const string Thread = InMemoryCodexTurn.Thread;
    private const string TurnId = InMemoryCodexTurn.TurnId;
    private static readonly TimeSpan Timeout = InMemoryCodexTurn.Timeout;
    private readonly InMemoryCodexTurn _codex = new();

    public CodexDeltaFastPathTests() => _codex.RouteAsTheEngine();

    public Task InitializeAsync() => _codex.InitializeAsync();

    public async Task DisposeAsync() => await _codex.DisposeAsync();

    [Fact]
    public async Task Deltas_arrive_decoded_in_order_and_a_delta_of_another_turn_is_ignored()
    {
        await SendAsync("item/started", $$"""{"item":{"type":"agentMessage","id":"msg_1","text":""},"threadId":"{{Thread}}","turnId":"{{TurnId}}"}""");
        await SendAsync("item/agentMessage/delta", $$"""{"threadId":"{{Thread}}","turnId":"{{TurnId}}","itemId":"msg_1","delta":"caf\u00e9\n"}""");
        await SendAsync("item/agentMessage/delta", $$"""{"threadId":"{{Thread}}","turnId":"other-turn","itemId":"msg_9","delta":"not mine"}""");
        await SendAsync("item/agentMessage/delta", $$"""{"threadId":"{{Thread}}","turnId":"{{TurnId}}","itemId":"msg_1","delta":"\"quoted\" \ud83d\ude00"}""");
        await SendAsync("turn/completed", $$$"""{"threadId":"{{{Thread}}}","turn":{"id":"{{{TurnId}}}","items":[],"status":"interrupted","error":null}}""");

        var events = await _codex.Turn.ReadAllAsync(Timeout);

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

        var events = await _codex.Turn.ReadAllAsync(Timeout);

        var delta = Assert.Single(events.OfType<TextDelta>()); // the malformed one is logged and ignored, as before
        Assert.Equal("still here", delta.Delta);
        Assert.Equal(longItemId, delta.ItemId);
        Assert.Equal(TurnOutcome.Completed, Assert.IsType<TurnEnded>(events[^1]).Outcome);
    }

    private Task SendAsync(string method, string parameters) =>
        _codex.Server.Writer.WriteLineAsync($$"""{"method":"{{method}}","params":{{parameters}}}""");
}
