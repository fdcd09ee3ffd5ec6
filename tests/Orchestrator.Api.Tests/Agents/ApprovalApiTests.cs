using System.Net;
using System.Net.Http.Json;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Api.Tests.Agents;

/// <summary>
/// Approvals of a plain agent chat decided over the API with the real codex: the request reaches the stream and the
/// list, only the turn's requester (or an admin) decides, the decision reaches codex, and the Telegram prompt says who
/// decided and from where, as a button press would.
/// </summary>
public sealed class ApprovalApiTests : IAsyncLifetime
{
    private const long OtherUserId = 1002;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private ApiBot _api = null!;

    public async Task InitializeAsync() =>
        _api = await ApiBot.StartAsync(s => s["Access:AllowedUserIds:1"] = OtherUserId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Approve_from_the_API_runs_the_command_edits_the_Telegram_prompt_and_only_the_requester_decides()
    {
        var workspace = _api.Codex.Workspace;
        _api.Codex.Model.Enqueue(FakeResponse.ExecCommand("touch web-approved.txt", workspace, justification: "to mark it"), FakeResponse.Text("Finished."));
        await _api.OpenTelegramChatAsync(BotHarness.OwnerId);
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var other = _api.Client(await _api.TokenAsync(OtherUserId));
        var agentId = (await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "ops" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        await using var stream = await SseReader.OpenAsync(owner);
        var turnId = (await ApiAssert.JsonAsync(await owner.PostAsJsonAsync($"/api/v1/agents/{agentId}/messages", new { text = "mark it done" }), HttpStatusCode.Accepted))
            .GetProperty("turn_id").GetInt64();

        var before = await stream.UntilAsync(e => e.Event == "approval.requested", Timeout);
        var requested = before[^1].StoredData();
        var approvalId = requested.GetProperty("approval_id").GetString()!;
        Assert.Equal(agentId, requested.GetProperty("agent_id").GetString());
        Assert.Equal(turnId, requested.GetProperty("turn_id").GetInt64());
        Assert.Equal(BotHarness.OwnerId, requested.GetProperty("user_id").GetInt64());
        Assert.Equal("command", requested.GetProperty("kind").GetString());
        Assert.Contains("touch web-approved.txt", requested.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var pending = await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/agents/{agentId}/approvals"));
        var listed = Assert.Single(pending.EnumerateArray());
        Assert.Equal(approvalId, listed.GetProperty("id").GetString());
        Assert.Equal("command", listed.GetProperty("kind").GetString());
        Assert.Contains("touch web-approved.txt", listed.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Another user of the bot does not see it; a caller without a credential is not let in; nothing ran.
        await ApiAssert.ProblemAsync(await other.GetAsync($"/api/v1/agents/{agentId}/approvals"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await other.PostAsJsonAsync($"/api/v1/approvals/{approvalId}", new { decision = "approve" }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await _api.Client().PostAsJsonAsync($"/api/v1/approvals/{approvalId}", new { decision = "approve" }), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/v1/approvals/{approvalId}", new { decision = "maybe" }), HttpStatusCode.BadRequest);
        Assert.False(File.Exists(Path.Combine(workspace, "web-approved.txt")));

        // While the turn waits, the agent's settings cannot change (as in Telegram).
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { model = "gpt-other" }), HttpStatusCode.Conflict);

        var decided = await ApiAssert.JsonAsync(await owner.PostAsJsonAsync($"/api/v1/approvals/{approvalId}", new { decision = "approve" }));
        Assert.Equal("approved", decided.GetProperty("decision").GetString());
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/v1/approvals/{approvalId}", new { decision = "deny" }), HttpStatusCode.Conflict);

        var after = await stream.UntilAsync(e => e.IsTurnEnd(turnId), Timeout);
        var resolved = after.Single(e => e.Event == "approval.resolved").StoredData();
        Assert.Equal(approvalId, resolved.GetProperty("approval_id").GetString());
        Assert.Equal("approved", resolved.GetProperty("decision").GetString());
        Assert.Equal("CLI", resolved.GetProperty("origin").GetString()); // a bearer token is the CLI's way in
        Assert.Equal(BotHarness.OwnerId, resolved.GetProperty("by_user_id").GetInt64());
        Assert.Contains("completed", after[^1].Json.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workspace, "web-approved.txt")));

        // The activity Telegram shows went to the stream too while the command ran, and ended with the turn.
        var activity = (before.Concat(after)).Where(e => e.Event == "turn.activity").Select(e => e.Json.GetProperty("text").GetString()!).ToList();
        Assert.Contains(activity, a => a.Contains("touch web-approved.txt", StringComparison.Ordinal));
        Assert.Contains(activity, a => a.Contains("Waiting for your approval", StringComparison.Ordinal));
        Assert.Equal("", activity[^1]);

        // Once approved, the footer no longer says it waits: it names the command, which runs now (codex sends no new
        // item for it, so without this the footer said "waiting" until the command had finished).
        var waiting = activity.FindLastIndex(a => a.Contains("Waiting for your approval", StringComparison.Ordinal));
        Assert.Contains("Running:", activity[waiting + 1], StringComparison.Ordinal);
        Assert.Contains("touch web-approved.txt", activity[waiting + 1], StringComparison.Ordinal);

        // The Telegram prompt lost its buttons and names who approved it, and from where.
        var prompt = await _api.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.Text.Contains("Approved by", StringComparison.Ordinal) && m.Text.Contains("from the CLI", StringComparison.Ordinal),
            Timeout, "the prompt edited as approved from the API");
        Assert.Empty(prompt.Buttons);
        Assert.Contains("touch web-approved.txt", prompt.Text, StringComparison.Ordinal);
        Assert.Equal(0, (await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/agents/{agentId}/approvals"))).GetArrayLength());
    }

    [Fact]
    public async Task Deny_from_the_web_keeps_the_command_from_running_and_the_turn_reports_it()
    {
        var workspace = _api.Codex.Workspace;
        _api.Codex.Model.Enqueue(FakeResponse.ExecCommand("touch denied.txt", workspace), FakeResponse.Text("Okay, I did not run it."));
        var session = await _api.SignInAsync(BotHarness.OwnerId);
        var agentId = (await ApiAssert.JsonAsync(await Send(session, HttpMethod.Post, "/api/v1/agents", new { name = "careful" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        await using var stream = await SseReader.OpenAsync(session.Client);
        var turnId = (await ApiAssert.JsonAsync(await Send(session, HttpMethod.Post, $"/api/v1/agents/{agentId}/messages", new { text = "try it" }), HttpStatusCode.Accepted))
            .GetProperty("turn_id").GetInt64();
        var approvalId = (await stream.NextAsync(e => e.Event == "approval.requested", Timeout)).StoredData().GetProperty("approval_id").GetString()!;

        var decided = await ApiAssert.JsonAsync(await Send(session, HttpMethod.Post, $"/api/v1/approvals/{approvalId}", new { decision = "deny" }));
        Assert.Equal("denied", decided.GetProperty("decision").GetString());

        var after = await stream.UntilAsync(e => e.IsTurnEnd(turnId), Timeout);
        var resolved = after.Single(e => e.Event == "approval.resolved").StoredData();
        Assert.Equal("denied", resolved.GetProperty("decision").GetString());
        Assert.Equal("Web", resolved.GetProperty("origin").GetString());
        Assert.Contains("Okay, I did not run it.", after[^1].Json.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, "denied.txt")));
        await _api.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.Text.Contains("Denied by", StringComparison.Ordinal) && m.Text.Contains("from the Web", StringComparison.Ordinal) && m.Buttons.Count == 0,
            Timeout, "the prompt edited as denied from the web");
    }

    [Fact]
    public async Task A_user_who_sees_the_agent_but_did_not_start_the_turn_gets_403_and_the_requester_decides()
    {
        var workspace = _api.Codex.Workspace;
        _api.Codex.Model.Enqueue(FakeResponse.ExecCommand("touch admins.txt", workspace), FakeResponse.Text("Done for the admin."));
        await _api.OpenTelegramChatAsync(BotHarness.OwnerId);
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));
        var agentId = (await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "shared" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        // An admin (who sees every agent) prompts the owner's agent: the turn, and its approvals, are the admin's.
        await using var stream = await SseReader.OpenAsync(owner);
        var turnId = (await ApiAssert.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/agents/{agentId}/messages", new { text = "do it for me" }), HttpStatusCode.Accepted))
            .GetProperty("turn_id").GetInt64();
        var requested = (await stream.NextAsync(e => e.Event == "approval.requested", Timeout)).StoredData();
        Assert.Equal(BotHarness.AdminId, requested.GetProperty("user_id").GetInt64());
        var approvalId = requested.GetProperty("approval_id").GetString()!;

        Assert.Contains("Only the user who started this turn",
            await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/v1/approvals/{approvalId}", new { decision = "approve" }), HttpStatusCode.Forbidden),
            StringComparison.Ordinal);
        Assert.Single((await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/agents/{agentId}/approvals"))).EnumerateArray()); // still waiting
        Assert.False(File.Exists(Path.Combine(workspace, "admins.txt")));

        await ApiAssert.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/approvals/{approvalId}", new { decision = "approve_session" }));
        var after = await stream.UntilAsync(e => e.IsTurnEnd(turnId), Timeout);
        var resolved = after.Single(e => e.Event == "approval.resolved").StoredData();
        Assert.Equal("approved_for_session", resolved.GetProperty("decision").GetString());
        Assert.Equal(BotHarness.AdminId, resolved.GetProperty("by_user_id").GetInt64());
        Assert.True(File.Exists(Path.Combine(workspace, "admins.txt")));
    }

    private static Task<HttpResponseMessage> Send(CookieSession session, HttpMethod method, string path, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(Orchestrator.Api.Auth.CookieNames.CsrfHeader, session.CsrfToken);
        return session.Client.SendAsync(request);
    }
}
