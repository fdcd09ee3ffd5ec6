using System.Text.Json.Nodes;
using Orchestrator.Agents.Acp;
using Orchestrator.Agents.JsonRpc;
using Orchestrator.Agents.Tests.Claude;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Acp;

/// <summary>The ACP client against a scripted agent on an in-memory line pair: the wire shapes it sends and how it reads answers.</summary>
public sealed class AcpScriptedAgentTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_message_carries_jsonrpc_2_0_and_a_queued_message_becomes_the_next_prompt_of_the_same_turn()
    {
        await using var agent = await ScriptedAgent.StartAsync(output);
        var turn = agent.NewTurn();
        var events = TurnEvents.Watch(turn);
        var run = turn.RunAsync(new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "first" }));

        var prompt = await agent.ReadAsync("session/prompt");
        Assert.Equal("2.0", (string?)prompt["jsonrpc"]);
        await turn.SteerAsync([new TextInput("and also this")]);
        await agent.UpdateAsync(new JsonObject { ["sessionUpdate"] = "agent_message_chunk", ["content"] = new JsonObject { ["type"] = "text", ["text"] = "One." } });
        await agent.AnswerAsync(prompt, new JsonObject { ["stopReason"] = "end_turn" });

        var second = await agent.ReadAsync("session/prompt");
        Assert.Equal("and also this", (string?)second["params"]?["prompt"]?[0]?["text"]);
        Assert.False(turn.IsEnded);
        await agent.UpdateAsync(new JsonObject { ["sessionUpdate"] = "agent_message_chunk", ["content"] = new JsonObject { ["type"] = "text", ["text"] = "Two." } });
        await agent.AnswerAsync(second, new JsonObject { ["stopReason"] = "end_turn", ["usage"] = new JsonObject { ["inputTokens"] = 5, ["outputTokens"] = 2, ["totalTokens"] = 7 } });

        var ended = await events.EndAsync();
        await run;
        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("One.Two.", events.Text);
        Assert.Equal(2, events.All.OfType<TextDelta>().Select(d => d.ItemId).Distinct().Count());
        Assert.Equal("Two.", ended.FinalText);
        Assert.Equal(7, ended.Usage?.TotalTokens);
    }

    [Theory]
    [InlineData(ApprovalDecision.Approve, "selected", "ok-once")]
    [InlineData(ApprovalDecision.ApproveForSession, "selected", "ok-always")]
    [InlineData(ApprovalDecision.Deny, "selected", "no-once")]
    [InlineData(ApprovalDecision.Cancel, "cancelled", null)]
    public async Task A_permission_request_becomes_an_approval_and_the_decision_picks_the_option_of_that_kind(
        ApprovalDecision decision, string outcome, string? optionId)
    {
        await using var agent = await ScriptedAgent.StartAsync(output);
        var turn = agent.NewTurn();
        var events = TurnEvents.Watch(turn);
        _ = turn.RunAsync(new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "go" }));
        var prompt = await agent.ReadAsync("session/prompt");

        await agent.RequestAsync("session/request_permission", new JsonObject
        {
            ["sessionId"] = ScriptedAgent.SessionId,
            ["toolCall"] = new JsonObject
            {
                ["toolCallId"] = "call_1", ["title"] = "Delete the build", ["kind"] = "execute",
                ["rawInput"] = new JsonObject { ["command"] = "rm -rf build" },
            },
            ["options"] = new JsonArray(
                new JsonObject { ["optionId"] = "ok-once", ["name"] = "Allow once", ["kind"] = "allow_once" },
                new JsonObject { ["optionId"] = "ok-always", ["name"] = "Always", ["kind"] = "allow_always" },
                new JsonObject { ["optionId"] = "no-once", ["name"] = "Deny", ["kind"] = "reject_once" }),
        });
        var asked = await events.WaitForAsync<ApprovalRequested>();
        Assert.Equal(ApprovalKind.Command, asked.Request.Kind);
        Assert.Equal("rm -rf build", asked.Request.Command);
        await turn.RespondToApprovalAsync(asked.Request.Id, decision);

        var answer = await agent.ReadAnswerAsync();
        Assert.Equal("2.0", (string?)answer["jsonrpc"]);
        Assert.Equal(outcome, (string?)answer["result"]?["outcome"]?["outcome"]);
        Assert.Equal(optionId, (string?)answer["result"]?["outcome"]?["optionId"]);
        await events.WaitForAsync<ApprovalResolved>(r => r.ApprovalId == asked.Request.Id);
        if (decision == ApprovalDecision.Cancel)
        {
            await agent.ReadAsync("session/cancel"); // Cancel refuses and ends the turn.
        }

        await agent.AnswerAsync(prompt, new JsonObject { ["stopReason"] = decision == ApprovalDecision.Cancel ? "cancelled" : "end_turn" });
        Assert.Equal(decision == ApprovalDecision.Cancel ? TurnOutcome.Interrupted : TurnOutcome.Completed, (await events.EndAsync()).Outcome);
    }

    [Fact]
    public async Task When_the_agent_goes_away_mid_prompt_the_turn_fails_exactly_once_and_pending_approvals_are_resolved()
    {
        await using var agent = await ScriptedAgent.StartAsync(output);
        var turn = agent.NewTurn();
        var events = TurnEvents.Watch(turn);
        _ = turn.RunAsync(new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "go" }));
        await agent.ReadAsync("session/prompt");
        await agent.RequestAsync("session/request_permission", new JsonObject
        {
            ["sessionId"] = ScriptedAgent.SessionId,
            ["toolCall"] = new JsonObject { ["toolCallId"] = "call_9", ["title"] = "Fetch", ["kind"] = "fetch" },
            ["options"] = new JsonArray(new JsonObject { ["optionId"] = "a", ["name"] = "Allow", ["kind"] = "allow_once" }),
        });
        var asked = await events.WaitForAsync<ApprovalRequested>();
        Assert.Equal(ApprovalKind.Tool, asked.Request.Kind);

        agent.CloseOutput();
        var ended = await events.EndAsync();
        turn.End(TurnOutcome.Completed, null); // A late second end changes nothing.

        Assert.Equal(TurnOutcome.Failed, ended.Outcome);
        Assert.Single(events.All.OfType<TurnEnded>());
        Assert.Contains(events.All.OfType<ApprovalResolved>(), r => r.ApprovalId == asked.Request.Id);
    }

    [Fact]
    public async Task Tool_calls_become_items_with_the_command_and_their_end_status()
    {
        await using var agent = await ScriptedAgent.StartAsync(output);
        var turn = agent.NewTurn();
        var events = TurnEvents.Watch(turn);
        _ = turn.RunAsync(new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "go" }));
        var prompt = await agent.ReadAsync("session/prompt");

        await agent.UpdateAsync(new JsonObject
        {
            ["sessionUpdate"] = "tool_call", ["toolCallId"] = "t1", ["title"] = "Run tests", ["kind"] = "execute", ["status"] = "pending",
            ["rawInput"] = new JsonObject { ["command"] = "npm test" },
        });
        await agent.UpdateAsync(new JsonObject
        {
            ["sessionUpdate"] = "tool_call_update", ["toolCallId"] = "t1", ["status"] = "completed",
            ["rawOutput"] = new JsonObject { ["contents"] = new JsonArray(new JsonObject { ["type"] = "shell_exit", ["exitCode"] = 1 }) },
        });
        await agent.UpdateAsync(new JsonObject { ["sessionUpdate"] = "tool_call", ["toolCallId"] = "t2", ["title"] = "Read README.md", ["kind"] = "read" });
        await agent.AnswerAsync(prompt, new JsonObject { ["stopReason"] = "end_turn" });
        await events.EndAsync();

        var started = events.All.OfType<ItemStarted>().ToList();
        Assert.Equal(AgentItemKind.CommandExecution, started[0].Item.Kind);
        Assert.Equal("npm test", started[0].Item.Command);
        Assert.Equal(AgentItemKind.ToolCall, started[1].Item.Kind);
        Assert.Equal("Read README.md", started[1].Item.ToolName);
        var completed = events.All.OfType<ItemCompleted>().ToList();
        Assert.Equal((AgentItemStatus.Completed, 1), (completed[0].Item.Status, completed[0].Item.ExitCode));
        Assert.Equal(("t2", AgentItemStatus.Failed), (completed[1].Item.Id, completed[1].Item.Status)); // never finished
    }

    /// <summary>The agent side of an in-memory line pair: reads what the client sends, writes what an ACP agent would.</summary>
    private sealed class ScriptedAgent : IAsyncDisposable
    {
        public const string SessionId = "sess-1";

        private readonly LineEndpoint _agent;
        private readonly List<JsonNode> _unread = [];
        private long _nextId = 100;

        private ScriptedAgent(LineEndpoint agent, AcpConnection connection)
        {
            _agent = agent;
            Connection = connection;
        }

        public AcpConnection Connection { get; }

        public static async Task<ScriptedAgent> StartAsync(ITestOutputHelper output)
        {
            var (client, agentSide) = LineTransport.CreateDuplex();
            var connection = AcpConnection.Connect(client.Reader, client.Writer, new TestOutputLoggerFactory(output).CreateLogger("acp"));
            var agent = new ScriptedAgent(agentSide, connection);
            var initialize = connection.InitializeAsync();
            var request = await agent.ReadAsync("initialize");
            Assert.Equal("2.0", (string?)request["jsonrpc"]);
            Assert.Equal(1, (int?)request["params"]?["protocolVersion"]);
            await agent.AnswerAsync(request, new JsonObject
            {
                ["protocolVersion"] = 1,
                ["agentCapabilities"] = new JsonObject { ["loadSession"] = true, ["promptCapabilities"] = new JsonObject { ["image"] = true } },
                ["agentInfo"] = new JsonObject { ["name"] = "Scripted", ["version"] = "0.1" },
            });
            var info = await initialize.WaitAsync(Timeout);
            Assert.Equal(new AcpAgentInfo("Scripted", "0.1", LoadSession: true, Images: true), info);
            return agent;
        }

        public AcpTurn NewTurn()
        {
            var turn = new AcpTurn(Connection, SessionId, images: true, TimeSpan.FromSeconds(5), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            Connection.UpdateReceived = (_, update) =>
            {
                turn.OnUpdate(update);
                return ValueTask.CompletedTask;
            };
            Connection.PermissionRequested = turn.RequestPermissionAsync;
            return turn;
        }

        public async Task<JsonNode> ReadAsync(string method)
        {
            while (true)
            {
                if (_unread.FirstOrDefault(m => (string?)m["method"] == method) is { } kept)
                {
                    _unread.Remove(kept);
                    return kept;
                }

                var line = await _agent.Reader.ReadLineAsync().AsTask().WaitAsync(Timeout) ?? throw new InvalidOperationException("The client closed.");
                _unread.Add(JsonNode.Parse(line)!);
            }
        }

        /// <summary>The client's answer to a request of the agent.</summary>
        public async Task<JsonNode> ReadAnswerAsync()
        {
            while (true)
            {
                if (_unread.FirstOrDefault(m => m["method"] is null && m["id"] is not null) is { } kept)
                {
                    _unread.Remove(kept);
                    return kept;
                }

                var line = await _agent.Reader.ReadLineAsync().AsTask().WaitAsync(Timeout) ?? throw new InvalidOperationException("The client closed.");
                _unread.Add(JsonNode.Parse(line)!);
            }
        }

        public Task AnswerAsync(JsonNode request, JsonObject result) =>
            WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["result"] = result });

        public Task UpdateAsync(JsonObject update) => WriteAsync(new JsonObject
        {
            ["jsonrpc"] = "2.0", ["method"] = "session/update", ["params"] = new JsonObject { ["sessionId"] = SessionId, ["update"] = update },
        });

        public Task RequestAsync(string method, JsonObject parameters) =>
            WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _nextId), ["method"] = method, ["params"] = parameters });

        public void CloseOutput() => _agent.Close();

        public async ValueTask DisposeAsync()
        {
            _agent.Close();
            await Connection.DisposeAsync();
        }

        private Task WriteAsync(JsonObject message) => _agent.Writer.WriteLineAsync(message.ToJsonString());
    }
}
