using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PaperNotes.Server.Library;
using PaperNotes.Server.Storage;
using PaperNotes.Server.Tests.Infrastructure;

namespace PaperNotes.Server.Tests.Library;

public sealed class AccessTests : IDisposable
{
    private readonly PaperNotesApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task MeListsThePersonalLibraryCreatedOnFirstUse()
    {
        var alice = await _app.CreateClientAsync("alice");
        var first = await alice.MeAsync();
        var second = await alice.MeAsync();

        Assert.Equal("alice", first.GetProperty("username").GetString());
        var id = first.GetProperty("personalLibraryId").GetString();
        Assert.Equal(id, second.GetProperty("personalLibraryId").GetString());
        var library = Assert.Single(second.GetProperty("libraries").EnumerateArray());
        Assert.Equal(id, library.GetProperty("id").GetString());
        Assert.Equal("personal", library.GetProperty("kind").GetString());
        Assert.Equal("owner", library.GetProperty("role").GetString());
        Assert.Equal(0, library.GetProperty("version").GetInt64());
        Assert.Equal([id!], await _app.Services.GetRequiredService<ILibraryDirectory>().ReadableLibraryIdsAsync(first.GetProperty("userId").GetString()!));
    }

    [Fact]
    public async Task OtherUsersLibraryIs404()
    {
        var alice = await _app.CreateClientAsync("alice");
        var bob = await _app.CreateClientAsync("bob");
        var lib = await alice.PersonalLibraryAsync();
        await alice.PutItemAsync(lib, "2403.12345", new { });

        await (await bob.GetAsync($"/api/libraries/{lib}/changes?since=0")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await bob.GetAsync($"/api/libraries/{lib}/items/2403.12345")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await bob.PutAsync($"/api/libraries/{lib}/items/2403.99999", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await bob.DeleteAsync($"/api/libraries/{lib}/items/2403.12345", 1)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await bob.GetAsync("/api/libraries/no-such-library/changes")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Single((await alice.ChangesAsync(lib, 0)).GetProperty("changes").EnumerateArray());
    }

    [Fact]
    public async Task WithoutSignInTheApiAnswers401Problem()
    {
        var anonymous = _app.CreateClient();
        await (await anonymous.GetAsync("/api/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task ACollectionIsALibraryWhereViewersReadAndEditorsWriteNotes()
    {
        var alice = await _app.CreateClientAsync("alice");
        var bob = await _app.CreateClientAsync("bob");
        var carol = await _app.CreateClientAsync("carol");
        var ids = new Dictionary<string, string>();
        foreach (var (name, client) in new[] { ("alice", alice), ("bob", bob), ("carol", carol) })
            ids[name] = (await client.MeAsync()).GetProperty("userId").GetString()!;
        // Collections get their own routes later; they build on the same store calls.
        var store = _app.Services.GetRequiredService<ILibraryStore>();
        var collection = await _app.Services.GetRequiredService<IDurableWriter>().WriteAsync(async c =>
        {
            var library = await store.CreateLibraryAsync(c, LibraryKinds.Collection, "Reading group", "", ids["alice"], "alice");
            await store.SetMemberAsync(c, library.Id, ids["bob"], "bob", LibraryRoles.Editor);
            await store.SetMemberAsync(c, library.Id, ids["carol"], "carol", LibraryRoles.Viewer);
            return library.Id;
        });

        var put = await bob.PutAsync($"/api/libraries/{collection}/items/2403.12345", new { note = "Read **section 3**", status = "read" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var item = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Read **section 3**", item.GetProperty("note").GetString());
        Assert.Equal("bob", item.GetProperty("addedBy").GetString());
        Assert.False(item.TryGetProperty("status", out _));

        Assert.Single((await carol.ChangesAsync(collection, 0)).GetProperty("changes").EnumerateArray());
        await (await carol.PutAsync($"/api/libraries/{collection}/items/2403.99999", new { note = "x" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var carolsLibraries = (await carol.MeAsync()).GetProperty("libraries").EnumerateArray().ToList();
        Assert.Equal(["personal", "collection"], carolsLibraries.Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal("viewer", carolsLibraries[1].GetProperty("role").GetString());
    }
}
