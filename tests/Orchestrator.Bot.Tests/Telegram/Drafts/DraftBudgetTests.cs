using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Bot.Tests.Telegram.Outbox;

namespace Orchestrator.Bot.Tests.Telegram.Drafts;

/// <summary>
/// The chat's draft budget between a turn's status line and its answer, against the strict fake Bot API: a status-only
/// change ("Working…", "Writing…") does not take the chat's last draft update when the first words come right after it.
/// The draft interval is longer than the tests' wait, so a draft that waited for the chat's pace would never be seen.
/// </summary>
public sealed class DraftBudgetTests
{
    private static readonly ChatTarget Private = ChatTarget.Private(DraftOutbox.User);
    private static readonly OutboxOptions SlowPace = new() { DraftInterval = TimeSpan.FromSeconds(30), DraftBurst = 2 };

    [Fact]
    public async Task A_turn_starting_right_after_an_answer_leaves_the_last_draft_update_to_its_first_words()
    {
        await using var t = await DraftOutbox.StartAsync(options: SlowPace);
        var previous = t.Live(Private);
        previous.Update([DraftOutbox.Text("Earlier answer")]); // one of the chat's two draft updates
        await t.Telegram.WaitForAsync(s => s.VisibleDraft(DraftOutbox.User)?.Text == "Earlier answer", DraftOutbox.Timeout, "the earlier answer's draft");
        await previous.CompleteAsync([DraftOutbox.Text("Earlier answer.")]).WaitAsync(DraftOutbox.Timeout);
        var draftsBefore = t.Telegram.DraftsIn(DraftOutbox.User).Count;

        var live = (LiveMessage)t.Live(Private);
        var turn = new Turn();
        await using var owner = new ContentOwner(live, turn.Render);
        live.MarkStatusStale(); // the turn starts: "Working…"

        // Either the status draft keeps the chat's last draft update free (it waits for a spare one, invisibly), or the
        // outbox asks for the status to draft it now: the first words come only after one of the two.
        await Task.WhenAny(live.WaitedForSpareDraft, turn.Rendered).WaitAsync(DraftOutbox.Timeout);
        turn.Write("Hello");
        live.MarkStale();

        await t.Telegram.WaitForAsync(s => s.VisibleDraft(DraftOutbox.User)?.Text.StartsWith("Hello", StringComparison.Ordinal) == true, DraftOutbox.Timeout, "the first words, at once");
        var drafts = t.Telegram.DraftsIn(DraftOutbox.User).Skip(draftsBefore).ToList();
        Assert.StartsWith("Hello", drafts[0].Text, StringComparison.Ordinal); // no status draft took the update before them
        await live.CompleteAsync([DraftOutbox.Text("Hello from the fake model.")]).WaitAsync(DraftOutbox.Timeout);
        Assert.Equal(["Earlier answer.", "Hello from the fake model."], t.Telegram.BotMessages(DraftOutbox.User).Select(m => m.Text));
        Assert.Equal(0, t.Telegram.RateLimitViolations);
    }

    [Fact]
    public async Task A_turn_starting_with_the_chats_draft_budget_whole_shows_its_status_at_once_and_then_its_first_words()
    {
        await using var t = await DraftOutbox.StartAsync(options: SlowPace);
        var live = t.Live(Private);
        var turn = new Turn();
        await using var owner = new ContentOwner(live, turn.Render);

        live.MarkStatusStale();
        await t.Telegram.WaitForAsync(s => s.VisibleDraft(DraftOutbox.User)?.Text == Turn.Working, DraftOutbox.Timeout, "the turn's status draft, at once");
        turn.Write("Hello");
        live.MarkStale();
        await t.Telegram.WaitForAsync(s => s.VisibleDraft(DraftOutbox.User)?.Text.StartsWith("Hello", StringComparison.Ordinal) == true, DraftOutbox.Timeout, "the first words, at once");

        await live.CompleteAsync([DraftOutbox.Text("Hello.")]).WaitAsync(DraftOutbox.Timeout);
        Assert.Equal("Hello.", Assert.Single(t.Telegram.BotMessages(DraftOutbox.User)).Text);
        Assert.Equal(0, t.Telegram.RateLimitViolations);
    }

    /// <summary>What a turn renders: its status line until the first words come.</summary>
    private sealed class Turn
    {
        public const string Working = "⏳ Working…";

        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string _text = "";

        /// <summary>Completes when the outbox first asked for the content.</summary>
        public Task Rendered => _rendered.Task;

        public void Write(string text)
        {
            lock (_gate)
            {
                _text = text;
            }
        }

        public IReadOnlyList<OutgoingContent> Render()
        {
            _rendered.TrySetResult();
            lock (_gate)
            {
                return [DraftOutbox.Text(_text.Length == 0 ? Working : _text + "\n\n✍️ Writing…")];
            }
        }
    }
}
