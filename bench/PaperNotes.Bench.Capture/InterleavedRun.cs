using System.Diagnostics;

namespace PaperNotes.Bench.Capture;

/// <summary>Bare parse and capture of the same page, alternated round by round; medians and the overhead in percent.</summary>
internal static class InterleavedRun
{
    public static void Run(int rounds)
    {
        foreach (var page in new[] { "EmbeddedJson", "DomOnly" })
        {
            var benchmark = new TrendingPageParsing { Page = page };
            benchmark.Load();
            var bare = new List<double>();
            var capture = new List<double>();
            for (var round = -5; round < rounds; round++) // five warm-up rounds
            {
                var bareMs = Time(() => benchmark.AngleSharpParseDocument());
                var captureMs = Time(() => benchmark.PaperNotesCapture());
                if (round < 0) continue;
                bare.Add(bareMs);
                capture.Add(captureMs);
            }
            var (b, c) = (Median(bare), Median(capture));
            Console.WriteLine($"{page,-13} bare ParseDocument median {b,7:0.0} ms | capture median {c,7:0.0} ms | overhead {(c - b) / b * 100,5:0.0}% ({rounds} rounds)");
        }
    }

    private static double Time(Func<int> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var watch = Stopwatch.StartNew();
        work();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
