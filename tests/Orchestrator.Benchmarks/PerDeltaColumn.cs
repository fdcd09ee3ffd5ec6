using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Orchestrator.Benchmarks;

/// <summary>Mean time divided by the number of 50-character deltas in the answer (Size / 50).</summary>
internal sealed class PerDeltaColumn : IColumn
{
    public string Id => nameof(PerDeltaColumn);

    public string ColumnName => "Per delta";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Time;

    public string Legend => "Mean / (Size / 50): time per 50-character delta including a snapshot of all pages (Streamed)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null || benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(RenderBenchmarks.Streamed))
        {
            return "-";
        }

        var size = (int)benchmarkCase.Parameters["Size"];
        var deltas = (size + RenderBenchmarks.DeltaLength - 1) / RenderBenchmarks.DeltaLength;
        var nanoseconds = report.ResultStatistics.Mean / deltas;
        return nanoseconds >= 1000 ? $"{nanoseconds / 1000:N2} μs" : $"{nanoseconds:N0} ns";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
