using BenchmarkDotNet.Running;
using SoapLens.Benchmarks.Quick;

// Two ways to measure (see docs/performance.md):
//   dotnet run -c Release --project benchmarks/SoapLens.Benchmarks -- quick <name> [options]
//       a documented stopwatch measurement (warm-up, repeats, median) printing throughput figures;
//   dotnet run -c Release --project benchmarks/SoapLens.Benchmarks -- --filter '*Soap*'
//       BenchmarkDotNet classes in this project.
if (args.Length > 0 && args[0] == "quick")
{
    return QuickBenches.Run(args[1..]);
}
BenchmarkSwitcher.FromAssembly(typeof(QuickBenches).Assembly).Run(args);
return 0;
