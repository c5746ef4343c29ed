using System.Net;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Library;

public sealed class DurabilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("papernotes-restart-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task RestartingOnTheSameFolderKeepsEveryAcknowledgedWrite()
    {
        string lib;
        long version;
        using (var app = new PaperNotesApplication(_folder))
        {
            var alice = await app.CreateClientAsync("alice");
            lib = await alice.PersonalLibraryAsync();
            var v = await alice.PutItemAsync(lib, "2403.00001", new { status = "reading" });
            await alice.PutItemAsync(lib, "2403.00002", new { tags = new[] { "kept" } });
            var deleted = await alice.DeleteAsync($"/api/libraries/{lib}/items/2403.00001", v);
            version = deleted.LibraryVersion();
        }

        using (var app = new PaperNotesApplication(_folder))
        {
            var alice = await app.CreateClientAsync("alice");
            Assert.Equal(lib, await alice.PersonalLibraryAsync());
            var feed = await alice.ChangesAsync(lib, 0);
            Assert.Equal(version, feed.GetProperty("version").GetInt64());
            var changes = feed.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);
            Assert.True(changes["2403.00001"].GetProperty("deleted").GetBoolean());
            Assert.Equal("kept", changes["2403.00002"].GetProperty("data").GetProperty("tags")[0].GetString());
            // Versions carry on from where they were.
            Assert.Equal(version + 1, await alice.PutItemAsync(lib, "2403.00003", new { }));
        }
    }

    [Fact]
    public async Task TwentyConcurrentWritersLoseNothingAndTheFeedHasEachObjectOnceAtItsLatestVersion()
    {
        using var app = new PaperNotesApplication(_folder);
        var alice = await app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        const int writers = 20, writesEach = 10;

        // Each writer creates its own paper, then updates it, and also races the others on one shared paper.
        var versions = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var client = await app.CreateClientAsync("alice");
            var seen = new List<long>();
            var paper = $"2411.{w:D5}";
            long? mine = null;
            for (var i = 0; i < writesEach; i++)
            {
                var version = await client.PutItemAsync(lib, paper, new { tags = new[] { $"w{w}-{i}" } }, mine);
                seen.Add(version);
                mine = version;
            }
            var shared = await client.PutAsync($"/api/libraries/{lib}/items/2411.99999", new { tags = new[] { $"w{w}" } }, 0);
            Assert.True(shared.StatusCode is HttpStatusCode.Created or HttpStatusCode.PreconditionFailed);
            return seen;
        })));

        foreach (var seen in versions) Assert.Equal(seen.Order(), seen.Distinct());
        var all = versions.SelectMany(v => v).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());

        var feed = await alice.ChangesAsync(lib, 0, limit: 5000);
        var changes = feed.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal(writers + 1, changes.Count);
        Assert.Equal(changes.Count, changes.Select(c => c.GetProperty("key").GetString()).Distinct().Count());
        var feedVersions = changes.Select(c => c.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(feedVersions.Order(), feedVersions);
        for (var w = 0; w < writers; w++)
        {
            var entry = changes.Single(c => c.GetProperty("key").GetString() == $"2411.{w:D5}");
            Assert.Equal(versions[w][^1], entry.GetProperty("version").GetInt64());
            Assert.Equal($"w{w}-{writesEach - 1}", entry.GetProperty("data").GetProperty("tags")[0].GetString());
        }
        // Every write was one version: 200 own writes plus the one shared create.
        Assert.Equal(writers * writesEach + 1, feed.GetProperty("version").GetInt64());
    }
}
