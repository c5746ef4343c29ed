using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Library;

public sealed class PreconditionTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task StaleWriteGets412WithCurrentObject()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var v1 = await alice.PutItemAsync(lib, "2403.12345", new { tags = new[] { "a" } });
        var v2 = await alice.PutItemAsync(lib, "2403.12345", new { tags = new[] { "b" } }, v1);

        var stale = await alice.PutAsync($"/api/libraries/{lib}/items/2403.12345", new { tags = new[] { "c" } }, v1);
        var problem = await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "stale-version");
        Assert.Equal(v2, (long)problem["current"]!["version"]!);
        Assert.Equal("b", (string?)problem["current"]!["data"]!["tags"]![0]);
        Assert.Equal(v2, stale.LibraryVersion());

        var staleDelete = await alice.DeleteAsync($"/api/libraries/{lib}/items/2403.12345", v1);
        await staleDelete.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "stale-version");
    }

    [Fact]
    public async Task ChangingAnExistingObjectWithoutAVersionIs428()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        await alice.PutItemAsync(lib, "2403.12345", new { });

        await (await alice.PutAsync($"/api/libraries/{lib}/items/2403.12345", new { starred = true }))
            .AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");
        await (await alice.DeleteAsync($"/api/libraries/{lib}/items/2403.12345", null))
            .AssertProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");
    }

    [Fact]
    public async Task CreateWithVersionZeroOnAnExistingObjectIs412()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        var created = await alice.PutAsync($"/api/libraries/{lib}/items/2403.12345", new { }, 0);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await (await alice.PutAsync($"/api/libraries/{lib}/items/2403.12345", new { }, 0))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed, "stale-version");
    }

    [Fact]
    public async Task WritingWithTheCurrentVersionSucceedsAndStampsTheNewLibraryVersion()
    {
        var alice = await _app.CreateClientAsync("alice");
        var lib = await alice.PersonalLibraryAsync();
        await alice.PutItemAsync(lib, "2403.00001", new { });
        var v2 = await alice.PutItemAsync(lib, "2403.12345", new { });

        var updated = await alice.PutAsync($"/api/libraries/{lib}/items/2403.12345", new { starred = true }, v2);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var item = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, item.GetProperty("version").GetInt64());
        Assert.True(item.GetProperty("starred").GetBoolean());
        Assert.Equal(3, updated.LibraryVersion());
    }
}
