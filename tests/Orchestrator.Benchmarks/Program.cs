using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Orchestrator.Benchmarks;

// dotnet run -c Release --project tests/Orchestrator.Benchmarks -- --job short --filter '*'
var config = DefaultConfig.Instance.AddColumn(new PerDeltaColumn());
BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmarks).Assembly).Run(args, config);
