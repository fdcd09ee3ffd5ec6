using System.Diagnostics;

namespace Orchestrator.Benchmarks.PackageCandidates;

/// <summary>
/// The <see cref="StreamJsonRpcDeltaBenchmarks"/> variants measured by the process's CPU time rather than wall time.
/// On a machine shared with other work, wall time per delta mostly measures waiting for a core at each thread
/// hand-off (pipe → reader → channel → consumer); CPU time is the work the path itself does, which is what it costs the
/// bot's host. Rounds alternate the variants so each sees the same load. Thread-pool spinning while idle counts as CPU
/// too, for every variant alike. Run: <c>dotnet Orchestrator.Benchmarks.dll jsonrpc-cpu</c>.
/// </summary>
internal static class JsonRpcCpuCheck
{
    private const int BatchesPerRound = 10;
    private const int Rounds = 5;

    public static int Run(TextWriter output)
    {
        output.WriteLine($"| Shape | Variant | CPU per delta (all {Rounds} rounds) | CPU per delta (best round) | Wall per delta (best round) | Allocated per delta |");
        output.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var shape in new[] { DeltaPathBenchmarks.DeltaShape.Line, DeltaPathBenchmarks.DeltaShape.Word })
        {
            var benchmarks = new StreamJsonRpcDeltaBenchmarks { Shape = shape };
            benchmarks.Setup();
            var variants = new (string Name, Func<Task> Run)[]
            {
                ("hand-written", benchmarks.HandWritten),
                ("StreamJsonRpc ordered", benchmarks.StreamJsonRpcOrdered),
                ("StreamJsonRpc default", benchmarks.StreamJsonRpcDefault),
            };
            foreach (var (_, run) in variants)
            {
                Repeat(run, BatchesPerRound);
            }

            var results = variants.Select(_ => new List<(double Cpu, double Wall, double Bytes)>()).ToArray();
            for (var round = 0; round < Rounds; round++)
            {
                for (var v = 0; v < variants.Length; v++)
                {
                    results[v].Add(Repeat(variants[v].Run, BatchesPerRound));
                }
            }

            for (var v = 0; v < variants.Length; v++)
            {
                var all = results[v];
                output.WriteLine(
                    $"| {shape} | {variants[v].Name} | {all.Average(r => r.Cpu):N2} µs | {all.Min(r => r.Cpu):N2} µs | {all.Min(r => r.Wall):N2} µs | {all.Average(r => r.Bytes):N0} B |");
            }

            benchmarks.CleanupAsync().GetAwaiter().GetResult();
        }

        return 0;
    }

    /// <summary>Runs <paramref name="batches"/> batches; CPU µs, wall µs and bytes allocated per delta.</summary>
    private static (double Cpu, double Wall, double Bytes) Repeat(Func<Task> run, int batches)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < batches; i++)
        {
            run().GetAwaiter().GetResult();
        }

        wall.Stop();
        process.Refresh();
        var deltas = (double)batches * DeltaPathBenchmarks.Deltas;
        return (
            (process.TotalProcessorTime - cpu).TotalMicroseconds / deltas,
            wall.Elapsed.TotalMicroseconds / deltas,
            (GC.GetTotalAllocatedBytes(precise: true) - bytes) / deltas);
    }
}
