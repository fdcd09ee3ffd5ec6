using System.Globalization;

namespace Orchestrator.LoadDriver;

/// <summary>One <c>answer-latency</c> run's figures (ms), see <see cref="AnswerLatencyScenario"/>.</summary>
internal sealed class AnswerLatencyRun
{
    public bool Warm { get; init; }

    public double FirstVisible { get; set; }

    public double FirstFinal { get; set; }

    public double HiVisibleAfterDelta { get; set; }

    public double HiFinal { get; set; }

    public double HiFinalAfterModel { get; set; }

    public double HiVisibleAfterBot { get; set; }

    public double HiBotAfterDelta { get; set; }

    public double LongFinal { get; set; }

    public double Approval { get; set; }

    public double ApprovalAfterBot { get; set; }

    public double ApprovalBotAfterModel { get; set; }

    public double SecondApproval { get; set; }

    public double SecondApprovalAfterBot { get; set; }

    public int Violations { get; set; }

    public bool Typing { get; set; }

    public string Describe(int run) => string.Create(CultureInfo.InvariantCulture,
        $"{(Warm ? "warm" : "cold")} run {run}: first answer visible {FirstVisible:0} ms, final {FirstFinal:0} ms; say hi again: visible {HiVisibleAfterDelta:0} ms after the first delta ({HiVisibleAfterBot:0} ms after the bot had it), final {HiFinal:0} ms ({HiFinalAfterModel:0} ms after the last delta); 12,000 chars {LongFinal:0} ms; approval {Approval:0} ms ({ApprovalAfterBot:0} ms after the bot had codex's request), the second {SecondApproval:0} ms ({SecondApprovalAfterBot:0} ms); 429s {Violations}; typing {Typing}");
}
