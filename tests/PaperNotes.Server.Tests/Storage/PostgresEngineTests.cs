using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;

namespace PaperNotes.Server.Tests.Storage;

/// <summary>What the PostgreSQL engine promises beyond the suite that runs on both engines.</summary>
public sealed class PostgresEngineTests
{
    [PostgresFact]
    public async Task FiftyConcurrentWritersGetStrictlyIncreasingVersionsWithNoGapsAndTheFeedHasEveryObjectOnce()
    {
        await using var app = new PaperNotesApplication();
        var alice = await app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        const int writers = 50, writesEach = 6;

        var versions = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            using var client = await app.CreateClientAsync("alice");
            var seen = new List<long>();
            long? mine = null;
            for (var i = 0; i < writesEach; i++)
            {
                mine = await client.PutItemAsync(lib, $"2412.{w:D5}", new { tags = new[] { $"w{w}-{i}" } }, mine);
                seen.Add(mine.Value);
            }
            return seen;
        })));

        // Each writer saw its own versions go up; together they are exactly 1..300: no repeats, no gaps.
        foreach (var seen in versions) Assert.Equal(seen.Order().Distinct(), seen);
        Assert.Equal(Enumerable.Range(1, writers * writesEach).Select(v => (long)v), versions.SelectMany(v => v).Order());

        var feed = await alice.ChangesAsync(lib, 0, limit: 5000);
        Assert.Equal(writers * writesEach, feed.GetProperty("version").GetInt64());
        var changes = feed.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(writers, changes.Count);
        Assert.Equal(writers, changes.Select(c => c.GetProperty("key").GetString()).Distinct().Count());
        for (var w = 0; w < writers; w++)
        {
            var entry = changes.Single(c => c.GetProperty("key").GetString() == $"2412.{w:D5}");
            Assert.Equal(versions[w][^1], entry.GetProperty("version").GetInt64());
            Assert.Equal($"w{w}-{writesEach - 1}", entry.GetProperty("data").GetProperty("tags")[0].GetString());
        }
    }

    [PostgresFact]
    public async Task EveryAcknowledgedWriteSurvivesKillDashNineOfTheServerProcess()
    {
        var cluster = PostgresCluster.Shared;
        var settings = Settings(cluster.NewDatabase());
        var server = await ServerProcess.StartAsync(settings);
        var port = server.BaseAddress.Port;
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        string lib;
        try
        {
            await SignInFlow.RegisterAsync(server.BaseAddress, "alice", PaperNotesApplication.Password);
            var tokens = await SignInFlow.SignInAsync(server.BaseAddress, "alice", PaperNotesApplication.Password);
            using var me = Client(server.BaseAddress, tokens.AccessToken);
            lib = await me.PersonalLibraryAsync();

            // Eight writers create papers as fast as they can; the process dies under them once 200 are acknowledged.
            using var stop = new CancellationTokenSource();
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                using var client = Client(server.BaseAddress, tokens.AccessToken);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var key = $"2501.{w}{i:D4}";
                    try
                    {
                        var response = await client.PutAsync($"/api/libraries/{lib}/items/{key}", new { note = key });
                        if (response.StatusCode != HttpStatusCode.Created) continue;
                        acknowledged[key] = response.LibraryVersion();
                        if (acknowledged.Count >= 200) enough.TrySetResult();
                    }
                    catch (HttpRequestException) { return; }
                }
            })).ToList();
            // Writers that all stopped early (the server failed) end the wait too; the assertion below then says so.
            await Task.WhenAny(enough.Task, Task.WhenAll(writers)).WaitAsync(TimeSpan.FromMinutes(3));
            await server.KillAsync();
            stop.Cancel();
            await Task.WhenAll(writers);
            Assert.True(acknowledged.Count >= 200, $"only {acknowledged.Count} writes were acknowledged:\n{server.Output}");
        }
        finally
        {
            await server.DisposeAsync();
        }

        // Same port: tokens name the address that issued them.
        await using var restarted = await ServerProcess.StartAsync(settings, port);
        var again = await SignInFlow.SignInAsync(restarted.BaseAddress, "alice", PaperNotesApplication.Password);
        using var alice = Client(restarted.BaseAddress, again.AccessToken);
        var feed = await alice.ChangesAsync(lib, 0, limit: 5000);
        var stored = feed.GetProperty("changes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("key").GetString()!, c => c.GetProperty("version").GetInt64());
        var lost = acknowledged.Where(a => stored.GetValueOrDefault(a.Key) != a.Value).Select(a => a.Key).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged writes are gone: {string.Join(", ", lost.Take(10))}");
    }

    [PostgresFact]
    public async Task StartingAgainOnAMigratedDatabaseChangesNothing()
    {
        var folder = Directory.CreateTempSubdirectory("papernotes-migrate-").FullName;
        string before;
        await using (var first = new PaperNotesApplication(folder))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.CreateAnonymousClient().GetAsync("/healthz")).StatusCode);
            before = await SchemaAsync(folder);
        }
        await using (var second = new PaperNotesApplication(folder))
        {
            Assert.Equal(HttpStatusCode.OK, (await second.CreateAnonymousClient().GetAsync("/healthz")).StatusCode);
            Assert.Equal(before, await SchemaAsync(folder));
        }
        Assert.Contains("schema_migrations 1 001_library_store", before);
        Assert.Contains("schema_migrations 2 002_sign_in", before);
        Assert.Contains("schema_migrations 3 003_paper_views", before);
    }

    [PostgresFact]
    public async Task TwoProcessesStartingAtOnceOnAnEmptyDatabaseBothComeUp()
    {
        var settings = Settings(PostgresCluster.Shared.NewDatabase());
        var servers = await Task.WhenAll(ServerProcess.StartAsync(settings), ServerProcess.StartAsync(settings));
        try
        {
            // Both answer, and a user registered on one signs in on the other: one schema, one set of sign-in tables.
            await SignInFlow.RegisterAsync(servers[0].BaseAddress, "alice", PaperNotesApplication.Password);
            var tokens = await SignInFlow.SignInAsync(servers[1].BaseAddress, "alice", PaperNotesApplication.Password);
            using var alice = Client(servers[1].BaseAddress, tokens.AccessToken);
            Assert.NotEmpty(await alice.PersonalLibraryAsync());
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }
    }

    private static Dictionary<string, string> Settings(string database) => new()
    {
        ["Storage:Provider"] = "postgres",
        ["ConnectionStrings:Postgres"] = PostgresCluster.Shared.ConnectionString(database),
        ["Storage:Path"] = Directory.CreateTempSubdirectory("papernotes-process-").FullName,
    };

    private static HttpClient Client(Uri server, string accessToken)
    {
        var client = new HttpClient { BaseAddress = server };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Every table's columns, every index, and the applied migrations with their times: what a start may change.</summary>
    private static async Task<string> SchemaAsync(string folder)
    {
        var cluster = PostgresCluster.Shared;
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(cluster.DatabaseFor(folder)));
        await connection.OpenAsync();
        var lines = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT table_name || ' ' || column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'public'",
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'",
            "SELECT 'schema_migrations ' || number || ' ' || name || ' ' || applied_at FROM schema_migrations",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines.Order(StringComparer.Ordinal));
    }
}
