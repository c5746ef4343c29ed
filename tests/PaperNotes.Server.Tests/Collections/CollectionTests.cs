using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperNotes.Server.Tests.Infrastructure;
using PaperNotes.Server.Tests.Library;

namespace PaperNotes.Server.Tests.Collections;

/// <summary>Creating, renaming, inviting, leaving and deleting collections (SPEC §4), and what the change feed shows.</summary>
public sealed class CollectionTests : IAsyncDisposable
{
    private readonly PaperNotesApplication _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task ANewCollectionIsOwnedByItsCreatorAndListedInMe()
    {
        var alice = await _app.KnownUserAsync("alice");
        var created = await alice.CreateCollectionAsync("Papers for Thursday", "Lab reading group");

        Assert.Equal("owner", created.GetProperty("role").GetString());
        Assert.Equal("alice", created.GetProperty("owner").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("publicUrl").ValueKind);
        var listed = (await alice.MeAsync()).GetProperty("libraries").EnumerateArray()
            .Single(l => l.GetProperty("kind").GetString() == "collection");
        Assert.Equal(created.GetProperty("id").GetString(), listed.GetProperty("id").GetString());
        Assert.Equal("Papers for Thursday", listed.GetProperty("name").GetString());
    }

    [Fact]
    public async Task RenamingShowsInMeAndAsACollectionEntryInTheFeed()
    {
        var alice = await _app.KnownUserAsync("alice");
        var id = (await alice.CreateCollectionAsync("Draft")).GetProperty("id").GetString()!;

        var renamed = await alice.PatchCollectionAsync(id, new { name = "Survey in progress", description = "RL for compilers" });

        Assert.Equal("Survey in progress", renamed.GetProperty("name").GetString());
        Assert.Contains((await alice.MeAsync()).GetProperty("libraries").EnumerateArray(), l => l.GetProperty("name").GetString() == "Survey in progress");
        var changes = (await alice.ChangesAsync(id, 0)).GetProperty("changes").EnumerateArray().ToList();
        var collection = changes.Single(c => c.GetProperty("kind").GetString() == "collection");
        Assert.Equal("RL for compilers", collection.GetProperty("data").GetProperty("description").GetString());
        Assert.Equal("owner", changes.Single(c => c.GetProperty("kind").GetString() == "member").GetProperty("data").GetProperty("role").GetString());
    }

    [Fact]
    public async Task InvitingByUsernameIgnoresCaseAndUnknownNamesAre404()
    {
        var alice = await _app.KnownUserAsync("alice");
        await _app.KnownUserAsync("Bob");
        var id = (await alice.CreateCollectionAsync("Shared")).GetProperty("id").GetString()!;

        var invited = await alice.PutAsJsonAsync($"/api/collections/{id}/members/BOB", new { role = "editor" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var again = await alice.PutAsJsonAsync($"/api/collections/{id}/members/bob", new { role = "viewer" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var members = await alice.GetFromJsonAsync<JsonElement>($"/api/collections/{id}/members");
        Assert.Equal(["alice:owner", "Bob:viewer"], members.EnumerateArray().Select(m => $"{m.GetProperty("username")}:{m.GetProperty("role")}"));
        await (await alice.PutAsJsonAsync($"/api/collections/{id}/members/nobody", new { role = "editor" }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "user-not-found");
        await (await alice.PutAsJsonAsync($"/api/collections/{id}/members/bob", new { role = "owner" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
    }

    [Fact]
    public async Task InvitingUnknownNamesIsThrottledThenEveryInviteWaitsAlikeUntilTheWindowEnds()
    {
        _app.WithSetting("Collections:UnknownInviteeLimit:PermitLimit", "2");
        var alice = await _app.KnownUserAsync("alice");
        await _app.KnownUserAsync("bob");
        await _app.KnownUserAsync("carol");
        var id = (await alice.CreateCollectionAsync("Shared")).GetProperty("id").GetString()!;
        Task<HttpResponseMessage> InviteAsync(string name) => alice.PutAsJsonAsync($"/api/collections/{id}/members/{name}", new { role = "viewer" });

        // A known name costs nothing; each unknown one spends one of the two lookups.
        Assert.Equal(HttpStatusCode.Created, (await InviteAsync("bob")).StatusCode);
        await (await InviteAsync("nobody1")).AssertProblemAsync(HttpStatusCode.NotFound, "user-not-found");
        await (await InviteAsync("nobody2")).AssertProblemAsync(HttpStatusCode.NotFound, "user-not-found");

        var unknown = await InviteAsync("nobody3");
        var known = await InviteAsync("carol");
        var unknownProblem = await unknown.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        var knownProblem = await known.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        unknownProblem.Remove("traceId");
        knownProblem.Remove("traceId");
        Assert.Equal(unknownProblem.ToJsonString(), knownProblem.ToJsonString());
        Assert.InRange(int.Parse(known.Headers.GetValues("Retry-After").Single()), 1, 3600);
        var members = await alice.GetFromJsonAsync<JsonElement>($"/api/collections/{id}/members");
        Assert.DoesNotContain(members.EnumerateArray(), m => m.GetProperty("username").GetString() == "carol");

        _app.Clock.Advance(TimeSpan.FromHours(1));
        // Alice's access token has expired meanwhile: she signs in again.
        using var aliceLater = _app.CreateBearerClient((await _app.SignInAsync("alice")).AccessToken);
        Assert.Equal(HttpStatusCode.Created,
            (await aliceLater.PutAsJsonAsync($"/api/collections/{id}/members/carol", new { role = "viewer" })).StatusCode);
    }

    [Fact]
    public async Task TheOwnerCannotLeaveOrDemoteThemself()
    {
        var alice = await _app.KnownUserAsync("alice");
        var id = (await alice.CreateCollectionAsync("Mine")).GetProperty("id").GetString()!;

        await (await alice.DeleteAsync($"/api/collections/{id}/members/alice")).AssertProblemAsync(HttpStatusCode.Conflict, "owner-must-stay");
        await (await alice.PutAsJsonAsync($"/api/collections/{id}/members/alice", new { role = "viewer" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "owner-must-stay");
    }

    [Fact]
    public async Task ALeaverLosesTheCollectionAtOnceAndTheFeedShowsTheirMembershipGone()
    {
        var alice = await _app.KnownUserAsync("alice");
        var bob = await _app.KnownUserAsync("bob");
        var id = (await alice.CreateCollectionAsync("Shared")).GetProperty("id").GetString()!;
        await alice.InviteAsync(id, "bob", "viewer");
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/collections/{id}")).StatusCode);

        await bob.RemoveAsync(id, "bob");

        await (await bob.GetAsync($"/api/libraries/{id}/changes?since=0")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain((await bob.MeAsync()).GetProperty("libraries").EnumerateArray(), l => l.GetProperty("id").GetString() == id);
        var bobId = (await bob.MeAsync()).GetProperty("userId").GetString();
        var tombstone = (await alice.ChangesAsync(id, 0)).GetProperty("changes").EnumerateArray()
            .Single(c => c.GetProperty("kind").GetString() == "member" && c.GetProperty("key").GetString() == bobId);
        Assert.True(tombstone.GetProperty("deleted").GetBoolean());
    }

    [Fact]
    public async Task DeletingACollectionRemovesItFromEveryMember()
    {
        var alice = await _app.KnownUserAsync("alice");
        var bob = await _app.KnownUserAsync("bob");
        var id = (await alice.CreateCollectionAsync("Short-lived")).GetProperty("id").GetString()!;
        await alice.InviteAsync(id, "bob", "editor");
        await bob.PutItemAsync(id, "2403.12345", new { note = "mine" });

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/collections/{id}")).StatusCode);

        foreach (var member in new[] { alice, bob })
        {
            await (await member.GetAsync($"/api/collections/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
            Assert.Single((await member.MeAsync()).GetProperty("libraries").EnumerateArray());
        }
    }

    [Fact]
    public async Task BadCollectionInputIsAValidationProblem()
    {
        var alice = await _app.KnownUserAsync("alice");
        await (await alice.PostAsJsonAsync("/api/collections", new { name = "  ", description = "" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
        await (await alice.PostAsJsonAsync("/api/collections", new { name = new string('x', 201) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
        var id = (await alice.CreateCollectionAsync("Ok")).GetProperty("id").GetString()!;
        await (await alice.PatchAsJsonAsync($"/api/collections/{id}", new { description = new string('x', 2001) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation");
        var personal = await alice.PersonalLibraryAsync();
        await (await alice.GetAsync($"/api/collections/{personal}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task ARetriedCreateWithTheSameIdempotencyKeyMakesOneCollection()
    {
        var alice = await _app.KnownUserAsync("alice");
        async Task<JsonElement> CreateAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/collections") { Content = JsonContent.Create(new { name = "Once" }) };
            request.Headers.Add("Idempotency-Key", "create-once");
            var response = await alice.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var first = await CreateAsync();
        var retry = await CreateAsync();

        Assert.Equal(first.GetProperty("id").GetString(), retry.GetProperty("id").GetString());
        Assert.Equal(2, (await alice.MeAsync()).GetProperty("libraries").GetArrayLength());
    }
}
