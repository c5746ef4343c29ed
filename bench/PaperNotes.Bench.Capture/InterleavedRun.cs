using System.Diagnostics;

namespace PaperNotes.Bench.Capture;

/// <summary>
/// Bare parse and capture of the same page, alternated round by round. Reports the median wall time of each and the
/// mean process CPU time per operation: on a machine shared with other work, CPU time does not count the time spent
/// waiting for a core, so it is the steadier of the two (its clock is coarse, hence the mean over many rounds).
/// </summary>
internal static class InterleavedRun
{
    public static void Run(int rounds)
    {
        foreach (var page in new[] { "EmbeddedJson", "DomOnly" })
        {
            var benchmark = new TrendingPageParsing { Page = page };
            benchmark.Load();
            var bare = new Measurements();
            var capture = new Measurements();
            for (var round = -5; round < rounds; round++) // five warm-up rounds
            {
                var b = Measure(() => benchmark.AngleSharpParseDocument());
                var c = Measure(() => benchmark.PaperNotesCapture());
                if (round < 0) continue;
                bare.Add(b);
                capture.Add(c);
            }
            Console.WriteLine($"{page,-13} wall median: bare ParseDocument {bare.MedianWall,6:0.0} ms, capture {capture.MedianWall,6:0.0} ms, "
                + $"overhead {Percent(bare.MedianWall, capture.MedianWall),5:0.0}% | CPU mean: bare {bare.MeanCpu,6:0.0} ms, "
                + $"capture {capture.MeanCpu,6:0.0} ms, overhead {Percent(bare.MeanCpu, capture.MeanCpu),5:0.0}% ({rounds} rounds)");
        }
    }

    private static double Percent(double baseline, double value) => (value - baseline) / baseline * 100;

    private static (double Wall, double Cpu) Measure(Func<int> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        work();
        var wall = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    private sealed class Measurements
    {
        private readonly List<double> _wall = [];
        private double _cpu;

        public void Add((double Wall, double Cpu) measurement)
        {
            _wall.Add(measurement.Wall);
            _cpu += measurement.Cpu;
        }

        public double MeanCpu => _cpu / _wall.Count;

        public double MedianWall
        {
            get
            {
                var sorted = _wall.Order().ToList();
                return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }
        }
    }
}
