using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Library;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Library;

public sealed class ChangeFeedTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    private static string[] Keys(JsonElement page) =>
        [.. page.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("key").GetString()!)];

    [Fact]
    public async Task SinceAnswersOnlyObjectsChangedAfterItOldestFirst()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v1 = await alice.PutItemAsync(lib, "2403.00001", new { status = "new" });
        var v2 = await alice.PutItemAsync(lib, "2403.00002", new { status = "new" });
        await alice.PutItemAsync(lib, "2403.00001", new { status = "reading" }, v1);

        var all = await alice.ChangesAsync(lib, 0);
        Assert.Equal(["2403.00002", "2403.00001"], Keys(all));
        Assert.Equal(3, all.GetProperty("version").GetInt64());
        Assert.False(all.GetProperty("more").GetBoolean());

        var sinceV2 = await alice.ChangesAsync(lib, v2);
        var entry = Assert.Single(sinceV2.GetProperty("changes").EnumerateArray());
        Assert.Equal("item", entry.GetProperty("kind").GetString());
        Assert.Equal(3, entry.GetProperty("version").GetInt64());
        Assert.Equal("reading", entry.GetProperty("data").GetProperty("status").GetString());

        Assert.Empty(Keys(await alice.ChangesAsync(lib, 3)));
    }

    [Fact]
    public async Task PagingWithMoreWalksEveryObjectOnceAndNeverSplitsAVersion()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        // Version 1 touches three objects at once; then one object per version.
        var batch = await alice.BatchAsync(lib, new
        {
            operations = Enumerable.Range(1, 3).Select(i => new { op = "put", kind = "item", key = $"2401.0000{i}", data = new { } }),
        });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        for (var i = 4; i <= 7; i++) await alice.PutItemAsync(lib, $"2401.0000{i}", new { });

        var seen = new List<string>();
        long since = 0;
        var pages = 0;
        while (true)
        {
            var page = await alice.ChangesAsync(lib, since, limit: 2);
            pages++;
            seen.AddRange(Keys(page));
            since = page.GetProperty("version").GetInt64();
            if (!page.GetProperty("more").GetBoolean()) break;
        }
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"2401.0000{i}"), seen.Order());
        Assert.Equal(5, since);
        // Version 1 comes whole although it holds 3 objects, then versions 2–3 and 4–5.
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task DeletesLeaveTombstonesInTheFeed()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v1 = await alice.PutItemAsync(lib, "2403.12345", new { status = "to-read" });
        var delete = await alice.DeleteAsync($"/api/libraries/{lib}/items/2403.12345", v1);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(2, delete.LibraryVersion());

        var entry = Assert.Single((await alice.ChangesAsync(lib, v1)).GetProperty("changes").EnumerateArray());
        Assert.True(entry.GetProperty("deleted").GetBoolean());
        Assert.Equal(2, entry.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("data").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/libraries/{lib}/items/2403.12345")).StatusCode);
    }

    [Fact]
    public async Task IfModifiedSinceVersionAnswers304UntilSomethingChanges()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var version = await alice.PutItemAsync(lib, "2403.12345", new { });

        async Task<HttpResponseMessage> Poll()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/libraries/{lib}/changes?since={version}");
            request.Headers.Add("If-Modified-Since-Version", version.ToString());
            return await alice.SendAsync(request);
        }

        var unchanged = await Poll();
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(version, unchanged.LibraryVersion());
        await alice.PutItemAsync(lib, "2403.99999", new { });
        Assert.Equal(HttpStatusCode.OK, (await Poll()).StatusCode);
    }

    [Fact]
    public async Task SinceOlderThanPrunedTombstonesIs410AndAFullResyncStillWorks()
    {
        using var app = new PaperNotesApplication().WithSetting("Library:TombstoneRetention", "00:00:00");
        var alice = await app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v1 = await alice.PutItemAsync(lib, "2403.00001", new { });
        await alice.PutItemAsync(lib, "2403.00002", new { });
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/libraries/{lib}/items/2403.00001", v1)).StatusCode);

        Assert.Equal(1, await app.Services.GetRequiredService<TombstonePruner>().PruneNowAsync());

        var gone = await alice.GetAsync($"/api/libraries/{lib}/changes?since=1");
        var problem = await gone.AssertProblemAsync(HttpStatusCode.Gone, "feed-expired");
        Assert.Equal(3, (long)problem["oldestVersion"]!);
        Assert.Equal(["2403.00002"], Keys(await alice.ChangesAsync(lib, 0)));
        Assert.Empty(Keys(await alice.ChangesAsync(lib, 3)));
    }

    [Fact]
    public async Task TombstonesAreKeptForTheRetentionByTheAppsClock()
    {
        using var app = new PaperNotesApplication();
        // 31 days ahead of the system clock (tokens are issued by the same clock, so they stay valid).
        app.Clock.Advance(TimeSpan.FromDays(31));
        var alice = await app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v1 = await alice.PutItemAsync(lib, "2403.00001", new { });
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/libraries/{lib}/items/2403.00001", v1)).StatusCode);
        var pruner = app.Services.GetRequiredService<TombstonePruner>();

        // Deleted now by the app's clock: its 30 days of retention have not passed.
        Assert.Equal(0, await pruner.PruneNowAsync());
        Assert.Contains("2403.00001", Keys(await alice.ChangesAsync(lib, v1)));

        app.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, await pruner.PruneNowAsync());
    }
}
