using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Orchestrator.Benchmarks;
using Orchestrator.Benchmarks.PackageCandidates;

// dotnet run -c Release --project tests/Orchestrator.Benchmarks -- --job short --filter '*'
// dotnet run -c Release --project tests/Orchestrator.Benchmarks -- page-stability | jsonrpc-cpu   (docs/architecture.md)
if (args is ["page-stability"])
{
    return PageStabilityCheck.Run(Console.Out);
}

if (args is ["jsonrpc-cpu"])
{
    return JsonRpcCpuCheck.Run(Console.Out);
}

var config = DefaultConfig.Instance.AddColumn(new PerDeltaColumn());
BenchmarkSwitcher.FromAssembly(typeof(RenderBenchmarks).Assembly).Run(args, config);
return 0;
