using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Orchestrator.LoadDriver;

/// <summary>
/// The running turns of the fake app-server, advanced by ONE 10 ms ticker: each turn emits
/// <c>item/agentMessage/delta</c> lines at its rate (numbered words, as <see cref="StreamingEngine.Word"/>), recording
/// each delta's emission time; at the end it writes its <see cref="TurnRecord"/>, then <c>item/completed</c> and
/// <c>turn/completed</c> (or, after <c>turn/interrupt</c>, only <c>turn/completed</c> with status interrupted, as Codex does).
/// </summary>
internal sealed class FakeAppServerStreams(FakeAppServerOutput output, int rate, int total, string recordDirectory)
{
    private readonly Lock _gate = new();
    private readonly List<Turn> _turns = [];

    /// <summary>Starts a turn; returns its id (the running turn's id when the thread already has one, as Codex does).</summary>
    public string Start(string threadId, long chat)
    {
        lock (_gate)
        {
            if (_turns.Find(t => t.ThreadId == threadId) is { } running)
            {
                return running.TurnId;
            }

            var turn = new Turn(threadId, Guid.CreateVersion7().ToString(), "msg_" + Guid.CreateVersion7().ToString("N"), chat, total);
            _turns.Add(turn);
            return turn.TurnId;
        }
    }

    /// <summary>Announces the turn (turn/started, item/started); call after the turn/start response went out.</summary>
    public void Announce(string threadId, string turnId)
    {
        output.Send(FakeAppServer.Notification("turn/started", $$$"""{"threadId":"{{{threadId}}}","turn":{"id":"{{{turnId}}}","items":[],"status":"inProgress","error":null}}"""));
        Turn? turn;
        lock (_gate)
        {
            turn = _turns.Find(t => t.TurnId == turnId);
            if (turn is not null)
            {
                turn.Announced = true;
                turn.Started = Stopwatch.GetTimestamp();
                turn.StartedTicks = DateTimeOffset.UtcNow.UtcTicks;
            }
        }

        if (turn is not null)
        {
            output.Send(FakeAppServer.Notification("item/started",
                $$$"""{"item":{"type":"agentMessage","id":"{{{turn.ItemId}}}","text":"","phase":null},"threadId":"{{{threadId}}}","turnId":"{{{turnId}}}"}"""));
        }
    }

    /// <summary>Marks the turn interrupted; false when there is no such running turn.</summary>
    public bool Interrupt(string threadId, string turnId)
    {
        lock (_gate)
        {
            if (_turns.Find(t => t.ThreadId == threadId && (turnId.Length == 0 || t.TurnId == turnId)) is not { } turn)
            {
                return false;
            }

            turn.Interrupted = true;
            return true;
        }
    }

    /// <summary>Ticks every 10 ms until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // stdout closed: the bot is gone; the reader loop ends on stdin EOF.
        }
    }

    private void Tick()
    {
        List<Turn> ended = [];
        lock (_gate)
        {
            foreach (var turn in _turns.Where(t => t.Announced))
            {
                var due = Math.Min(turn.Total, (int)(Stopwatch.GetElapsedTime(turn.Started).TotalSeconds * rate));
                var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                for (; !turn.Interrupted && turn.Sent < due; turn.Sent++)
                {
                    var seq = turn.Sent;
                    var word = StreamingEngine.Word(seq);
                    turn.Text.Append(word);
                    turn.Emitted[seq] = DateTimeOffset.UtcNow.UtcTicks;
                    output.Queue(string.Create(CultureInfo.InvariantCulture,
                        $$$"""{"method":"item/agentMessage/delta","params":{"threadId":"{{{turn.ThreadId}}}","turnId":"{{{turn.TurnId}}}","itemId":"{{{turn.ItemId}}}","delta":"w{{{seq}}}{{{(seq % 10 == 9 ? "\\n" : " ")}}}"},"emittedAtMs":{{{ms}}}}"""));
                }

                if (turn.Interrupted || turn.Sent == turn.Total)
                {
                    ended.Add(turn);
                }
            }

            _turns.RemoveAll(ended.Contains);
        }

        output.Flush();
        foreach (var turn in ended)
        {
            End(turn);
        }
    }

    private void End(Turn turn)
    {
        var text = turn.Text.ToString();
        var status = turn.Interrupted ? "interrupted" : "completed";
        new TurnRecord(turn.Chat, turn.ThreadId, turn.TurnId, status, turn.StartedTicks, DateTimeOffset.UtcNow.UtcTicks, text, turn.Emitted[..turn.Sent])
            .Write(recordDirectory);
        if (!turn.Interrupted)
        {
            output.Send(FakeAppServer.Notification("item/completed",
                $$$"""{"item":{"type":"agentMessage","id":"{{{turn.ItemId}}}","text":{{{FakeAppServer.Quote(text)}}},"phase":null},"threadId":"{{{turn.ThreadId}}}","turnId":"{{{turn.TurnId}}}"}"""));
        }

        output.Send(FakeAppServer.Notification("turn/completed",
            $$$"""{"threadId":"{{{turn.ThreadId}}}","turn":{"id":"{{{turn.TurnId}}}","items":[],"status":"{{{status}}}","error":null}}"""));
    }

    private sealed class Turn(string threadId, string turnId, string itemId, long chat, int total)
    {
        public string ThreadId { get; } = threadId;

        public string TurnId { get; } = turnId;

        public string ItemId { get; } = itemId;

        public long Chat { get; } = chat;

        public int Total { get; } = total;

        public long[] Emitted { get; } = new long[total];

        public StringBuilder Text { get; } = new();

        public bool Announced { get; set; }

        public bool Interrupted { get; set; }

        public long Started { get; set; }

        public long StartedTicks { get; set; }

        public int Sent { get; set; }
    }
}
