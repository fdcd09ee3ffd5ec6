using BenchmarkDotNet.Attributes;
using Orchestrator.Bot.Rendering;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Render + split cost by answer size. <c>OneShot</c> renders the whole answer once; <c>Streamed</c> appends it in
/// 50-character deltas and takes a snapshot (all pages) after every delta, as the bot does while an answer streams.
/// The "Per delta" column divides Streamed by the number of deltas: flat means the cost per delta does not grow.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    public const int DeltaLength = 50;

    private string _answer = string.Empty;

    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup() => _answer = SampleAnswer.Create(Size);

    [Benchmark(Baseline = true)]
    public int OneShot() => TelegramHtmlRenderer.RenderPages(_answer).Count;

    [Benchmark]
    public int Streamed()
    {
        var document = new StreamingDocument();
        var pages = 0;
        for (var i = 0; i < _answer.Length; i += DeltaLength)
        {
            document.Append(_answer.AsSpan(i, Math.Min(DeltaLength, _answer.Length - i)));
            pages = document.GetPages().Count;
        }

        return pages;
    }
}
