using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PaperNotes.Bench.Capture;

// Run in Release: dotnet run -c Release --project bench/PaperNotes.Bench.Capture [-- --interleaved]
// --interleaved alternates the bare parse and the capture in one loop and reports medians: on a shared, busy machine
// that cancels the load drift BenchmarkDotNet's separate phases pick up.
if (args.Contains("--interleaved"))
{
    InterleavedRun.Run(rounds: 100);
    return;
}
// In-process: no generated project to restore and build.
var config = ManualConfig.CreateMinimumViable()
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(30))
    .AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkRunner.Run<TrendingPageParsing>(config, args);
