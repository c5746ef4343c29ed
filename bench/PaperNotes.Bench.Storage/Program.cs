// Durable writes per second: the group-commit writer with 1, 8 and 64 concurrent clients, beside a plain loop of single
// LiteDB inserts each fsynced, on the same disk in the same run. Run in Release:
//   dotnet run -c Release --project bench/PaperNotes.Bench.Storage [-- seconds-per-case]
using System.Diagnostics;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Storage.LiteDb;

var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
var duration = TimeSpan.FromSeconds(seconds);
Console.WriteLine($"{Environment.ProcessorCount} cores, {duration.TotalSeconds:0} s per case, temp folder on {Path.GetTempPath()}");

var baseline = PlainLoop(duration);
var rows = new List<(string Case, double PerSecond, double WritesPerSync)>
{
    ("plain loop, insert + fsync each", baseline.PerSecond, baseline.WritesPerSync),
};
foreach (var clients in new[] { 1, 8, 64 })
{
    var grouped = await GroupCommit(clients, duration);
    rows.Add(($"group commit, {clients} clients", grouped.PerSecond, grouped.WritesPerSync));
}

Console.WriteLine();
Console.WriteLine($"| {"case",-34} | {"durable writes/s",16} | {"writes per fsync",16} | {"vs plain loop",13} |");
Console.WriteLine($"|{new string('-', 36)}|{new string('-', 18)}|{new string('-', 18)}|{new string('-', 15)}|");
foreach (var (name, perSecond, perSync) in rows)
    Console.WriteLine($"| {name,-34} | {perSecond,16:N0} | {perSync,16:N1} | {perSecond / baseline.PerSecond,12:N1}x |");

static BsonDocument Item(int client, long n) => new()
{
    ["libraryId"] = "bench",
    ["kind"] = "item",
    ["key"] = $"2403.{client:D2}{n:D3}",
    ["version"] = n,
    ["data"] = "{\"status\":\"reading\",\"tags\":[\"rl\",\"survey\"],\"starred\":false,\"seenAt\":\"2026-11-27T10:00:00Z\"}",
};

static (PaperNotesDatabase Database, string Folder) Open()
{
    var folder = Directory.CreateTempSubdirectory("papernotes-bench-").FullName;
    return (new PaperNotesDatabase(Options.Create(new StorageOptions { Path = folder })), folder);
}

// The baseline: what a server without group commit does to be durable — each insert commits and fsyncs on its own.
static (double PerSecond, double WritesPerSync) PlainLoop(TimeSpan duration)
{
    var (database, folder) = Open();
    try
    {
        var items = database.Database.GetCollection("objects");
        var syncsBefore = database.Syncs;
        long writes = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            items.Insert(Item(0, writes++));
            database.SyncLog();
        }
        return (writes / clock.Elapsed.TotalSeconds, writes / (double)(database.Syncs - syncsBefore));
    }
    finally
    {
        database.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}

// Each client awaits its write's durable acknowledgement before sending the next, like an HTTP client would.
static async Task<(double PerSecond, double WritesPerSync)> GroupCommit(int clients, TimeSpan duration)
{
    var (database, folder) = Open();
    var writer = new DurableWriter(database, Options.Create(new StorageOptions { Path = folder }), NullLogger<DurableWriter>.Instance);
    try
    {
        var syncsBefore = database.Syncs;
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            long writes = 0;
            while (clock.Elapsed < duration)
            {
                var item = Item(client, writes);
                await writer.WriteLiteDbAsync(c => c.GetCollection("objects").Insert(item));
                writes++;
            }
            return writes;
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var total = counts.Sum();
        return (total / elapsed, total / (double)(database.Syncs - syncsBefore));
    }
    finally
    {
        writer.Dispose();
        database.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
