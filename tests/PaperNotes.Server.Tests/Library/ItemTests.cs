using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Library;

public sealed class ItemTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    private static async Task<JsonElement> Item(HttpClient client, string lib, string paperId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/libraries/{lib}/items/{paperId}");

    [Fact]
    public async Task StatusNeverGoesBackwardsWithoutForce()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v = await alice.PutItemAsync(lib, "2403.12345", new { status = "read" });
        v = await alice.PutItemAsync(lib, "2403.12345", new { status = "to-read", tags = new[] { "later" } }, v);

        var item = await Item(alice, lib, "2403.12345");
        Assert.Equal("read", item.GetProperty("status").GetString());
        Assert.Equal("later", item.GetProperty("tags")[0].GetString());

        await alice.PutItemAsync(lib, "2403.12345", new { status = "to-read", force = true }, v);
        Assert.Equal("to-read", (await Item(alice, lib, "2403.12345")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ArchivedIsLeftOnlyOnPurpose()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v = await alice.PutItemAsync(lib, "2403.12345", new { status = "reading" });
        v = await alice.PutItemAsync(lib, "2403.12345", new { status = "archived" }, v);
        v = await alice.PutItemAsync(lib, "2403.12345", new { status = "read" }, v);
        Assert.Equal("archived", (await Item(alice, lib, "2403.12345")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task SeenAtKeepsTheFirstSightingAndOmittedFieldsKeepTheirValues()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v = await alice.PutItemAsync(lib, "2403.12345", new { seenAt = "2026-11-27T10:00:00Z", starred = true });
        await alice.PutItemAsync(lib, "2403.12345", new { seenAt = "2026-11-28T09:00:00+01:00", clippedAt = "2026-11-28T09:00:05Z" }, v);

        var item = await Item(alice, lib, "2403.12345");
        Assert.Equal("2026-11-27T10:00:00Z", item.GetProperty("seenAt").GetString());
        Assert.Equal("2026-11-28T09:00:05Z", item.GetProperty("clippedAt").GetString());
        Assert.True(item.GetProperty("starred").GetBoolean());
        Assert.Equal("new", item.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OldStyleArxivIdsWorkInThePathAndAreCanonical()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var created = await alice.PutAsync($"/api/libraries/{lib}/items/hep-th/9901001v2", new { status = "to-read" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var item = await Item(alice, lib, "hep-th%2F9901001");
        Assert.Equal("hep-th/9901001", item.GetProperty("paperId").GetString());
        var entry = (await alice.ChangesAsync(lib, 0)).GetProperty("changes")[0];
        Assert.Equal("hep-th/9901001", entry.GetProperty("key").GetString());
    }

    [Fact]
    public async Task AnOldStyleIdWithAHugeArchiveIsA422()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();

        var response = await alice.PutAsync($"/api/libraries/{lib}/items/{new string('a', 2000)}/9901001", new { status = "to-read" });

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
    }
}
