using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agents.Codex;
using Orchestrator.Agents.Codex.Protocol;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>
/// One <see cref="CodexTurn"/> of a client connected to an in-memory app-server end (<see cref="Server"/>), for tests
/// that play the app-server's side line by line. The thread and turn ids are those of the recorded transcripts.
/// </summary>
internal sealed class InMemoryCodexTurn : IAsyncDisposable
{
    public const string Thread = "01a2006c-a07c-7151-bd66-9350f29bb628";
    public const string TurnId = "01a2006c-a643-79c1-84c3-330b678c1732";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public InMemoryCodexTurn()
    {
        var (client, server) = LineTransport.CreateDuplex();
        Server = server;
        Client = CodexAppServerClient.Connect(client.Reader, client.Writer, NullLogger.Instance);
        Turn = new CodexTurn(Client, Thread, NullLogger.Instance);
        Turn.SetTurnId(TurnId);
    }

    /// <summary>The app-server's end: what the test writes there is what the client reads.</summary>
    public LineEndpoint Server { get; }

    public CodexAppServerClient Client { get; }

    public CodexTurn Turn { get; }

    /// <summary>Routes the client's notifications to the turn as <see cref="CodexEngine"/> wires them: deltas of this thread through the borrowed fast path.</summary>
    public void RouteAsTheEngine()
    {
        Client.NotificationReceived = (method, notification) =>
        {
            Turn.OnNotification(method, notification);
            return ValueTask.CompletedTask;
        };
        Client.AgentMessageDeltaReceived = (in BorrowedAgentMessageDelta delta) =>
        {
            if (delta.ThreadId.SequenceEqual(Thread))
            {
                Turn.OnDelta(in delta);
            }
        };
    }

    /// <summary>The client's handshake, the app-server's side played: answers <c>initialize</c>; returns the method of the client's next line.</summary>
    public async Task<string?> InitializeAsync()
    {
        var init = Client.InitializeAsync(new ClientInfo("t", null, "1"));
        var initialize = JsonNode.Parse((await Server.Reader.ReadLineAsync().AsTask().WaitAsync(Timeout))!)!;
        await Server.Writer.WriteLineAsync($$$"""{"id":{{{initialize["id"]}}},"result":{"userAgent":"x"}}""");
        await init.WaitAsync(Timeout);
        return (string?)JsonNode.Parse((await Server.Reader.ReadLineAsync().AsTask().WaitAsync(Timeout))!)!["method"];
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
