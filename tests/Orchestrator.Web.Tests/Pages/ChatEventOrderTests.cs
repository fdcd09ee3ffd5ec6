using Microsoft.Playwright;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Web.Tests.Harness;

namespace Orchestrator.Web.Tests.Pages;

/// <summary>
/// The chat page when a turn's live delta arrives before its stored turn.started (the two come from different sources:
/// memory and the database). The events are put into the page's own EventSource, in that order, so the order is certain.
/// </summary>
public sealed class ChatEventOrderTests : WebBotTest
{
    // Records the page's EventSource, so the test can hand it events (its listeners are the page's own).
    private const string RecordEventSources = """
        window.__sources = [];
        const PageEventSource = window.EventSource;
        window.EventSource = class extends PageEventSource {
          constructor(...args) { super(...args); window.__sources.push(this); }
        };
        """;

    [Fact]
    public async Task A_delta_before_its_turn_started_still_shows_the_prompt_the_origin_and_the_answer_in_one_turn()
    {
        var page = await Web.NewPageAsync();
        await page.AddInitScriptAsync(RecordEventSources);
        await page.GotoAsync(await Web.LoginLinkAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" }).WaitForAsync();
        var agentId = await Dashboard.CreateAgentAndOpenChatAsync(page, "ordered");

        await page.EvaluateAsync("""
            ([agent, chat]) => {
              const source = window.__sources.at(-1);
              const send = (kind, data) => source.dispatchEvent(new MessageEvent(kind, { data: JSON.stringify(data) }));
              const at = new Date().toISOString();
              send("turn.delta", { seq: 1, agent_id: agent, chat_id: chat, turn_id: 9001, text: "Early words" });
              send("turn.started", { id: 1, kind: "turn.started", at, chat_id: chat,
                data: { agent_id: agent, turn_id: 9001, prompt: "a prompt typed in Telegram", origin: "Telegram" } });
              send("turn.delta", { seq: 2, agent_id: agent, chat_id: chat, turn_id: 9001, text: " and the rest." });
              send("turn.ended", { id: 2, kind: "turn.ended", at, chat_id: chat,
                data: { agent_id: agent, turn_id: 9001, status: "completed", text: "Early words and the rest." } });
            }
            """, new object[] { agentId, BotHarness.OwnerId });

        var turn = Dashboard.Turn(page, "a prompt typed in Telegram");
        await turn.Locator(".answer").GetByText("Early words and the rest.").WaitForAsync();
        Assert.Equal(1, await page.Locator(".turn[data-turn='9001']").CountAsync()); // one turn, not one per source
        Assert.Contains("Telegram", await turn.Locator(".origin").InnerTextAsync(), StringComparison.Ordinal);
    }
}
