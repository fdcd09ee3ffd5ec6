using System.Text;
using BenchmarkDotNet.Attributes;
using Orchestrator.Bot.Rendering;

namespace Orchestrator.Benchmarks.PackageCandidates;

/// <summary>
/// The product renderer against Markdig (<see cref="MarkdigTelegramRenderer"/>), same answers, same run, as
/// <see cref="RenderBenchmarks"/> measures the product alone. <c>OneShot</c>: the whole answer rendered and split
/// into pages once. <c>Streamed</c>: 50-character deltas with a snapshot of all pages after every delta; the product
/// renders incrementally (<see cref="StreamingDocument"/>), Markdig has no incremental parse, so it re-parses and
/// re-renders the accumulated answer each time. The "Per delta" column is Streamed / (Size / 50).
/// 1 MB is left out: Markdig Streamed would take minutes per invocation (quadratic).
/// </summary>
[MemoryDiagnoser]
public class MarkdigRenderBenchmarks
{
    public enum RendererKind
    {
        /// <summary><see cref="TelegramHtmlRenderer"/> and <see cref="StreamingDocument"/> (the product).</summary>
        HandWritten,

        /// <summary><see cref="MarkdigTelegramRenderer"/>: Markdig's parser, a Telegram-HTML walk of its tree, the product's splitter.</summary>
        Markdig,
    }

    private string _answer = string.Empty;

    [Params(1_000, 10_000, 100_000)]
    public int Size { get; set; }

    [Params(RendererKind.HandWritten, RendererKind.Markdig)]
    public RendererKind Renderer { get; set; }

    [GlobalSetup]
    public void Setup() => _answer = SampleAnswer.Create(Size);

    [Benchmark(Baseline = true)]
    public int OneShot() => Renderer == RendererKind.HandWritten
        ? TelegramHtmlRenderer.RenderPages(_answer).Count
        : MarkdigTelegramRenderer.RenderPages(_answer).Count;

    [Benchmark]
    public int Streamed() => Renderer == RendererKind.HandWritten ? StreamedHandWritten() : StreamedMarkdig();

    private int StreamedHandWritten()
    {
        var document = new StreamingDocument();
        var pages = 0;
        for (var i = 0; i < _answer.Length; i += RenderBenchmarks.DeltaLength)
        {
            document.Append(_answer.AsSpan(i, Math.Min(RenderBenchmarks.DeltaLength, _answer.Length - i)));
            pages = document.GetPages().Count;
        }

        return pages;
    }

    private int StreamedMarkdig()
    {
        var text = new StringBuilder();
        var pages = 0;
        for (var i = 0; i < _answer.Length; i += RenderBenchmarks.DeltaLength)
        {
            text.Append(_answer.AsSpan(i, Math.Min(RenderBenchmarks.DeltaLength, _answer.Length - i)));
            pages = MarkdigTelegramRenderer.RenderPages(text.ToString()).Count;
        }

        return pages;
    }
}
