using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Bench.Api;

/// <summary>
/// Acknowledged writes per second through the real HTTP API on each storage engine, in one run: the real server as a
/// child process, signed-in clients (one user and one personal library per connection), each PUTting new items as fast
/// as its answers come; then how long one device takes to catch up a library of 10,000 changes from <c>since=0</c>.
/// <c>dotnet run -c Release --project bench/PaperNotes.Bench.Api -- [--seconds 10] [--connections 1,16,64] [--engines litedb,postgres]</c>
/// </summary>
internal static class ApiBenchmark
{
    private const string Password = "correct horse battery staple";

    public static async Task Main(string[] args)
    {
        var seconds = int.Parse(Option(args, "--seconds", "10"));
        var connections = Option(args, "--connections", "1,16,64").Split(',').Select(int.Parse).ToArray();
        var engines = Option(args, "--engines", "litedb,postgres").Split(',');
        var catchUp = int.Parse(Option(args, "--catch-up", "10000"));
        Console.WriteLine($"{Environment.ProcessorCount} cores; {seconds} s per step; connections {string.Join(", ", connections)}");
        Console.WriteLine("engine    connections  writes/s   p50 ms   p99 ms");
        var catchUps = new List<string>();
        foreach (var engine in engines)
        {
            var settings = new Dictionary<string, string>
            {
                ["Storage:Path"] = Directory.CreateTempSubdirectory("papernotes-bench-api-").FullName,
                // The bench measures the store, not the per-user rate limit.
                ["Api:RateLimit:PermitLimit"] = "1000000",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            if (engine == "postgres")
            {
                var cluster = PostgresCluster.Shared;
                settings["Storage:Provider"] = "postgres";
                settings["ConnectionStrings:Postgres"] = cluster.ConnectionString(cluster.NewDatabase()) + ";Maximum Pool Size=100";
            }
            await using var server = await ServerProcess.StartAsync(settings);
            var clients = await SignInAsync(server.BaseAddress, connections.Max());
            foreach (var count in connections)
            {
                var (perSecond, p50, p99) = await WriteAsync(clients.Take(count).ToList(), TimeSpan.FromSeconds(seconds));
                Step++;
                Console.WriteLine($"{engine,-9} {count,11} {perSecond,9:F0} {p50,8:F1} {p99,8:F1}");
            }
            catchUps.Add($"{engine}: {await CatchUpAsync(clients[0], catchUp)}");
            foreach (var (client, _) in clients) client.Dispose();
        }
        foreach (var line in catchUps) Console.WriteLine(line);
    }

    private static async Task<List<(HttpClient Client, string Library)>> SignInAsync(Uri server, int users)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var clients = new (HttpClient, string)[users];
        await Parallel.ForAsync(0, users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
        {
            var name = $"bench{run}u{u}";
            await SignInFlow.RegisterAsync(server, name, Password);
            var tokens = await SignInFlow.SignInAsync(server, name, Password);
            var client = new HttpClient { BaseAddress = server };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            var me = await client.GetFromJsonAsync<JsonElement>("api/me", ct);
            clients[u] = (client, me.GetProperty("personalLibraryId").GetString()!);
        });
        return [.. clients];
    }

    /// <summary>Every connection PUTs new items back to back; only 201s count, each with its latency.</summary>
    private static async Task<(double PerSecond, double P50, double P99)> WriteAsync(
        List<(HttpClient Client, string Library)> clients, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(clients.Select(c => Task.Run(async () =>
        {
            var mine = new List<double>();
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                // A new paper each time (each connection has its own library): every write is a create, a version.
                using var response = await c.Client.PutAsJsonAsync(
                    $"api/libraries/{c.Library}/items/{20 + Step}{1 + i / 100_000:D2}.{i % 100_000:D5}",
                    new { status = "reading", tags = new[] { "bench" }, note = "A note of a typical length for a paper being read." });
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            return mine;
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        return (all.Count / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>Fills a library with <paramref name="changes"/> objects (50 per batch), then pulls all of it from 0 as a new device would.</summary>
    private static async Task<string> CatchUpAsync((HttpClient Client, string Library) device, int changes)
    {
        var (client, library) = device;
        for (var done = 0; done < changes; done += 50)
        {
            var operations = Enumerable.Range(done, Math.Min(50, changes - done)).Select(i => new
            {
                op = "put", kind = "item", key = $"2602.{i:D5}",
                data = new { status = "to-read", tags = new[] { "catch-up" }, note = $"Paper {i}" },
            });
            using var response = await client.PostAsJsonAsync($"api/libraries/{library}/batch", new { operations });
            response.EnsureSuccessStatusCode();
        }
        var clock = Stopwatch.StartNew();
        long since = 0, received = 0, pages = 0;
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"api/libraries/{library}/changes?since={since}&limit=5000");
            received += page.GetProperty("changes").GetArrayLength();
            pages++;
            since = page.GetProperty("version").GetInt64();
            if (!page.GetProperty("more").GetBoolean()) break;
        }
        return $"catch-up of {received} objects from since=0 in {pages} pages: {clock.Elapsed.TotalMilliseconds:F0} ms";
    }

    /// <summary>Which step of the run this is, so that the steps' papers differ in each library.</summary>
    private static int Step;

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
